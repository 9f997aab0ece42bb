/*
 * The sandbox chat page: pick a platform, a company and a member, type as in WeCom or DingTalk. What is
 * typed goes to /sandbox/api/say, which posts a real signed (for WeCom also encrypted) callback to the
 * service; what the bot sent that member is read back from /sandbox/api/messages and drawn the way the
 * platform draws it: text, markdown, WeCom textcard / template_card, DingTalk ActionCard.
 */
(function () {
  'use strict';

  var state = {
    platform: 'wecom',
    companies: [],
    corpId: null,
    userId: null,
    next: 0,
    generation: 0,
    polling: null,
    cards: {}
  };

  var $ = function (id) { return document.getElementById(id); };
  var app = $('app');
  var list = $('messages');

  // ------------------------------------------------------------------ API

  function api(method, path, body) {
    var opts = { method: method, headers: {} };
    if (body !== undefined) {
      opts.headers['content-type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        if (!r.ok) {
          var e = new Error(json.message || ('HTTP ' + r.status));
          e.code = json.code;
          throw e;
        }
        return json;
      });
    });
  }

  function toast(text) {
    var t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, 3000);
  }

  // ------------------------------------------------------------------ pickers

  function companiesOf(platform) {
    return state.companies.filter(function (c) { return c.platform === platform; });
  }

  function company() {
    return state.companies.find(function (c) { return c.corpId === state.corpId && c.platform === state.platform; });
  }

  function option(value, text) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  }

  function fillCompanies(preferCorp) {
    var sel = $('company');
    sel.innerHTML = '';
    var cs = companiesOf(state.platform);
    cs.forEach(function (c) { sel.appendChild(option(c.corpId, c.name)); });
    state.corpId = cs.some(function (c) { return c.corpId === preferCorp; }) ? preferCorp : (cs[0] ? cs[0].corpId : null);
    sel.value = state.corpId || '';
    fillUsers();
  }

  function fillUsers(preferUser) {
    var sel = $('user');
    sel.innerHTML = '';
    var c = company();
    var users = c ? c.users : [];
    users.forEach(function (u) {
      sel.appendChild(option(u.userId, u.name + (u.role === 'manager' ? '（经理）' : u.role === 'admin' ? '（管理员）' : '')));
    });
    state.userId = users.some(function (u) { return u.userId === preferUser; }) ? preferUser : (users[0] ? users[0].userId : null);
    sel.value = state.userId || '';
    restart();
  }

  function setPlatform(platform) {
    state.platform = platform;
    app.className = 'platform-' + platform;
    Array.prototype.forEach.call(document.querySelectorAll('.tab'), function (t) {
      t.classList.toggle('active', t.getAttribute('data-platform') === platform);
    });
    fillCompanies();
  }

  function userName() {
    var c = company();
    var u = c && c.users.find(function (x) { return x.userId === state.userId; });
    return u ? u.name : state.userId;
  }

  function remember() {
    try {
      localStorage.setItem('sandbox-chat', JSON.stringify({ platform: state.platform, corpId: state.corpId, userId: state.userId }));
    } catch (e) { /* private mode */ }
  }

  // ------------------------------------------------------------------ conversation

  function restart() {
    state.generation++;
    state.next = 0;
    state.cards = {};
    list.innerHTML = '';
    var c = company();
    $('chat-title').textContent = c ? (state.platform === 'wecom' ? 'Chat CRM · ' + c.name : 'Chat CRM 机器人 · ' + c.name) : 'Chat CRM';
    if (!c || !state.userId) {
      hint(state.companies.length ? '这个平台还没有沙箱企业。' : '还没有沙箱企业，请确认服务以沙箱模式运行。');
      return;
    }
    remember();
    hint('以「' + userName() + '」的身份和 Chat CRM 对话。输入「帮助」看看能做什么。');
    poll(true);
  }

  function hint(text) {
    var h = document.createElement('div');
    h.className = 'hint';
    h.textContent = text;
    list.appendChild(h);
  }

  function poll(first) {
    clearTimeout(state.polling);
    var gen = state.generation;
    var q = '/sandbox/api/messages?platform=' + encodeURIComponent(state.platform) + '&corpId=' +
      encodeURIComponent(state.corpId) + '&userId=' + encodeURIComponent(state.userId) + '&after=' + state.next;
    api('GET', q).then(function (r) {
      if (gen !== state.generation) { return; }
      r.messages.forEach(show);
      state.next = r.next;
    }).catch(function (e) {
      if (gen === state.generation && !first) { console.warn(e); }
    }).then(function () {
      if (gen === state.generation) {
        state.polling = setTimeout(poll, 800);
      }
    });
  }

  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  }

  function append(row) {
    var stick = nearBottom();
    list.appendChild(row);
    if (stick || row.classList.contains('me')) {
      list.scrollTop = list.scrollHeight;
    }
  }

  function row(mine) {
    var r = document.createElement('div');
    r.className = 'row ' + (mine ? 'me' : 'bot');
    var avatar = document.createElement('div');
    avatar.className = 'avatar';
    avatar.textContent = mine ? (userName() || '我').slice(-1) : 'C';
    var col = document.createElement('div');
    col.className = 'col';
    r.appendChild(avatar);
    r.appendChild(col);
    return { row: r, col: col };
  }

  function show(m) {
    if (m.kind === 'update') {
      updateCard(m);
      return;
    }
    var mine = m.kind === 'user';
    var r = row(mine);
    if (!mine && m.channel === 'notice') {
      var tag = document.createElement('div');
      tag.className = 'tag';
      tag.textContent = '工作通知';
      r.col.appendChild(tag);
    }
    r.col.appendChild(mine ? textBubble(m.text, true) : render(m));
    var time = document.createElement('div');
    time.className = 'time';
    time.textContent = clock(m.at);
    r.col.appendChild(time);
    append(r.row);
  }

  function clock(at) {
    var d = at ? new Date(at) : new Date();
    return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2);
  }

  // ------------------------------------------------------------------ rendering

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function textBubble(text, mine) {
    return el('div', 'bubble text' + (mine ? ' mine' : ''), text);
  }

  function escapeHtml(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  /** The markdown subset both platforms render: headings, bold, links, quotes, lists, WeCom font colours. */
  function markdown(src) {
    var lines = String(src == null ? '' : src).split('\n');
    var html = [];
    var inList = false;
    lines.forEach(function (line) {
      var m;
      var isItem = /^\s*[-*]\s+/.test(line);
      if (inList && !isItem) { html.push('</ul>'); inList = false; }
      if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
        html.push('<div class="md-h md-h' + m[1].length + '">' + inline(m[2]) + '</div>');
      } else if (isItem) {
        if (!inList) { html.push('<ul>'); inList = true; }
        html.push('<li>' + inline(line.replace(/^\s*[-*]\s+/, '')) + '</li>');
      } else if ((m = /^>\s?(.*)$/.exec(line))) {
        html.push('<div class="md-quote">' + inline(m[1]) + '</div>');
      } else if (line.trim() === '') {
        html.push('<div class="md-gap"></div>');
      } else {
        html.push('<div>' + inline(line) + '</div>');
      }
    });
    if (inList) { html.push('</ul>'); }
    return html.join('');
  }

  function inline(s) {
    var out = escapeHtml(s);
    out = out.replace(/&lt;font color=&quot;(info|comment|warning)&quot;&gt;(.*?)&lt;\/font&gt;/g, '<span class="font-$1">$2</span>');
    out = out.replace(/\*\*(.+?)\*\*/g, '<b>$1</b>');
    // DingTalk draws ![alt](url) inline; only http(s) images, as the platform does
    out = out.replace(/!\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/g, function (all, alt, url) {
      return '<img class="md-img" src="' + url + '" alt="' + alt + '">';
    });
    out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, function (all, text, url) {
      var raw = url.replace(/&amp;/g, '&');
      if (raw.indexOf('dtmd://dingtalkclient/sendMessage') === 0) {
        return '<a href="#" class="cmd-link" data-link="' + escapeHtml(raw) + '">' + text + '</a>';
      }
      if (/^https?:\/\//.test(raw)) {
        return '<a href="' + escapeHtml(raw) + '" target="_blank" rel="noopener">' + text + '</a>';
      }
      return text;
    });
    return out;
  }

  function render(m) {
    var type = m.msgtype;
    if (type === 'text') {
      return textBubble((m.text && m.text.content) || '');
    }
    if (type === 'markdown') {
      var b = el('div', 'bubble md');
      b.innerHTML = markdown(m.markdown && (m.markdown.text !== undefined ? m.markdown.text : m.markdown.content));
      return b;
    }
    if (type === 'textcard') { return textCard(m.textcard || {}); }
    if (type === 'template_card') { return templateCard(m.template_card || {}); }
    if (type === 'actionCard') { return actionCard(m.actionCard || {}); }
    if (type === 'news' && m.news && m.news.articles) {
      var n = el('div', 'card');
      m.news.articles.forEach(function (a) {
        var link = el('a', 'news', a.title);
        link.href = a.url; link.target = '_blank'; link.rel = 'noopener';
        n.appendChild(link);
      });
      return n;
    }
    return textBubble('［' + (type || '未知') + ' 消息］');
  }

  function openUrl(url) {
    if (url) { window.open(url, '_blank', 'noopener'); }
  }

  /** WeCom textcard: title, grey date-like description, a 详情 link. */
  function textCard(c) {
    var card = el('div', 'card wecom-textcard');
    card.appendChild(el('div', 'card-title', c.title));
    var d = el('div', 'card-desc');
    d.innerHTML = escapeHtml(c.description || '').replace(/\n/g, '<br>');
    card.appendChild(d);
    var more = el('a', 'card-more', c.btntxt || '详情');
    more.href = c.url || '#'; more.target = '_blank'; more.rel = 'noopener';
    card.appendChild(more);
    return card;
  }

  /** WeCom template_card (button_interaction): title, sub-title, key/value rows, buttons that call back. */
  function templateCard(c) {
    var card = el('div', 'card wecom-template');
    if (c.source && c.source.desc) { card.appendChild(el('div', 'card-source', c.source.desc)); }
    card.appendChild(el('div', 'card-title', c.main_title && c.main_title.title));
    if (c.main_title && c.main_title.desc) { card.appendChild(el('div', 'card-desc', c.main_title.desc)); }
    if (c.sub_title_text) {
      var sub = el('div', 'card-sub');
      sub.innerHTML = escapeHtml(c.sub_title_text).replace(/\n/g, '<br>');
      card.appendChild(sub);
    }
    (c.horizontal_content_list || []).forEach(function (f) {
      var line = el('div', 'kv');
      line.appendChild(el('span', 'k', f.keyname));
      line.appendChild(el('span', 'v', f.value));
      card.appendChild(line);
    });
    var buttons = el('div', 'card-buttons');
    (c.button_list || []).forEach(function (b) {
      var btn = el('button', 'card-btn' + (b.style === 1 ? ' primary' : ''), b.text);
      btn.type = 'button';
      if (b.type === 1 && b.url) {
        btn.addEventListener('click', function () { openUrl(b.url); });
      } else {
        btn.setAttribute('data-key', b.key);
        btn.addEventListener('click', function () { clickCard(c.task_id, b.key, buttons); });
      }
      buttons.appendChild(btn);
    });
    card.appendChild(buttons);
    if (c.task_id) { state.cards[c.task_id] = buttons; }
    return card;
  }

  function clickCard(taskId, key, buttons) {
    Array.prototype.forEach.call(buttons.querySelectorAll('button'), function (b) { b.disabled = true; });
    api('POST', '/sandbox/api/click', {
      platform: 'wecom', corpId: state.corpId, userId: state.userId, taskId: taskId, key: key
    }).catch(function (e) {
      Array.prototype.forEach.call(buttons.querySelectorAll('button'), function (b) { b.disabled = false; });
      toast(e.message);
    });
  }

  /** What update_template_card asked for: the buttons give way to the replace_name text. */
  function updateCard(m) {
    var buttons = state.cards[m.taskId];
    if (!buttons) { return; }
    if (m.replaceName) {
      buttons.innerHTML = '';
      var done = el('button', 'card-btn done', m.replaceName);
      done.type = 'button';
      done.disabled = true;
      buttons.appendChild(done);
    } else if (m.template_card) {
      var fresh = templateCard(m.template_card);
      var card = buttons.parentNode;
      card.parentNode.replaceChild(fresh, card);
    }
  }

  /** DingTalk ActionCard: title, markdown text, one or several buttons that open pages. */
  function actionCard(c) {
    var card = el('div', 'card ding-action');
    var body = el('div', 'card-body md');
    body.innerHTML = markdown(c.text);
    card.appendChild(body);
    var buttons = el('div', 'card-buttons' + (c.btnOrientation === '1' ? ' row-buttons' : ''));
    var btns = c.singleURL ? [{ title: c.singleTitle || '查看详情', actionURL: c.singleURL }] : (c.btns || []);
    btns.forEach(function (b) {
      var btn = el('button', 'card-btn link', b.title);
      btn.type = 'button';
      btn.addEventListener('click', function () {
        if (b.actionURL && b.actionURL.indexOf('dtmd://') === 0) { sendLink(b.actionURL); } else { openUrl(b.actionURL); }
      });
      buttons.appendChild(btn);
    });
    card.appendChild(buttons);
    return card;
  }

  // DingTalk command links: tapping sends the prepared text back to the robot as this member
  list.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a.cmd-link');
    if (!a) { return; }
    ev.preventDefault();
    sendLink(a.getAttribute('data-link'));
  });

  function sendLink(link) {
    api('POST', '/sandbox/api/click', {
      platform: 'dingtalk', corpId: state.corpId, userId: state.userId, link: link
    }).then(function (r) { show(r.message); }).catch(function (e) { toast(e.message); });
  }

  // ------------------------------------------------------------------ typing

  function say(text) {
    text = (text || '').trim();
    if (!text || !state.userId) { return; }
    var send = $('send');
    send.disabled = true;
    api('POST', '/sandbox/api/say', {
      platform: state.platform, corpId: state.corpId, userId: state.userId, text: text
    }).then(function (r) {
      $('input').value = '';
      show(r.message);
    }).catch(function (e) {
      toast('发送失败：' + e.message);
    }).then(function () {
      send.disabled = false;
      $('input').focus();
    });
  }

  $('composer').addEventListener('submit', function (ev) {
    ev.preventDefault();
    say($('input').value);
  });
  $('suggest').addEventListener('click', function (ev) {
    var t = ev.target.getAttribute && ev.target.getAttribute('data-text');
    if (t) { say(t); }
  });
  Array.prototype.forEach.call(document.querySelectorAll('.tab'), function (t) {
    t.addEventListener('click', function () { setPlatform(t.getAttribute('data-platform')); });
  });
  $('company').addEventListener('change', function () { state.corpId = this.value; fillUsers(); });
  $('user').addEventListener('change', function () { state.userId = this.value; restart(); });

  // ------------------------------------------------------------------ start

  api('GET', '/sandbox/api/companies').then(function (r) {
    state.companies = r.companies || [];
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem('sandbox-chat') || '{}'); } catch (e) { /* ignore */ }
    var params = new URLSearchParams(location.search);
    var platform = params.get('platform') || saved.platform || 'wecom';
    if (!companiesOf(platform).length) { platform = companiesOf('wecom').length ? 'wecom' : 'dingtalk'; }
    state.platform = platform;
    app.className = 'platform-' + platform;
    Array.prototype.forEach.call(document.querySelectorAll('.tab'), function (t) {
      t.classList.toggle('active', t.getAttribute('data-platform') === platform);
    });
    var sel = $('company');
    sel.innerHTML = '';
    companiesOf(platform).forEach(function (c) { sel.appendChild(option(c.corpId, c.name)); });
    var corp = params.get('corpId') || saved.corpId;
    state.corpId = companiesOf(platform).some(function (c) { return c.corpId === corp; }) ? corp
      : (companiesOf(platform)[0] || {}).corpId || null;
    sel.value = state.corpId || '';
    fillUsers(params.get('userId') || saved.userId);
  }).catch(function (e) {
    list.innerHTML = '';
    hint('加载失败：' + e.message);
  });
})();
