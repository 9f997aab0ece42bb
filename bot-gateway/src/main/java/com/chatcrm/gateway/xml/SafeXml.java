package com.chatcrm.gateway.xml;

import com.chatcrm.gateway.CallbackRejected;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Parses untrusted platform XML with DOCTYPEs refused outright, so no external entity, entity
 * expansion bomb or XInclude can ever be resolved.
 */
public final class SafeXml {

  private static final DocumentBuilderFactory FACTORY = hardenedFactory();

  /**
   * A builder per thread, reset before each use: making one per callback was a sizeable share of
   * the node's CPU under callback load. Builders are not thread-safe, and event-loop threads are
   * few and long-lived.
   */
  private static final ThreadLocal<DocumentBuilder> BUILDER =
      ThreadLocal.withInitial(SafeXml::newBuilder);

  /** Fields WeCom always sends as text: what a message is, whose, and its identity (WC-RECV). */
  private static final Set<String> SCALAR =
      Set.of(
          "ToUserName",
          "FromUserName",
          "CreateTime",
          "MsgType",
          "MsgId",
          "AgentID",
          "Content",
          "Event",
          "EventKey",
          "ChangeType",
          "UserID",
          "TaskId",
          "Encrypt");

  private SafeXml() {}

  /**
   * The root's child elements as name → text (first occurrence wins); nested elements as their
   * text, except where a platform only ever sends text ({@link #SCALAR}): structure there is not
   * the platform's, so refused.
   */
  public static Map<String, String> fields(String xml) {
    Element root = parse(xml).getDocumentElement();
    Map<String, String> out = new LinkedHashMap<>();
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node n = children.item(i);
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        if (SCALAR.contains(n.getNodeName()) && hasChildElements(n)) {
          throw new CallbackRejected(
              "malformed_body", n.getNodeName() + " holds elements, not text");
        }
        out.putIfAbsent(n.getNodeName(), n.getTextContent().strip());
      }
    }
    return out;
  }

  private static boolean hasChildElements(Node n) {
    NodeList children = n.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i).getNodeType() == Node.ELEMENT_NODE) {
        return true;
      }
    }
    return false;
  }

  /** The parsed document, for payloads with nested structure (card clicks with selected items). */
  public static Document parse(String xml) {
    if (xml == null || xml.isBlank()) {
      throw new CallbackRejected("malformed_body", "empty XML body");
    }
    try {
      DocumentBuilder builder = BUILDER.get();
      builder.reset();
      builder.setErrorHandler(null);
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException | RuntimeException e) {
      // the parser's own message quotes the input: a fixed one goes to logs and answers instead
      String m = String.valueOf(e.getMessage());
      throw new CallbackRejected(
          "malformed_body",
          m.contains("DOCTYPE")
              ? "XML with a DOCTYPE is refused"
              : "the body is not well-formed XML");
    }
  }

  private static DocumentBuilderFactory hardenedFactory() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      return f;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(
          "the JDK's XML parser lacks the features needed to parse safely", e);
    }
  }

  private static DocumentBuilder newBuilder() {
    try {
      synchronized (FACTORY) {
        return FACTORY.newDocumentBuilder();
      }
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(
          "the JDK's XML parser lacks the features needed to parse safely", e);
    }
  }
}
