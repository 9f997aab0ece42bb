-- Customer search (CustomerSearch) looks first at the actor's 2,000 most recently followed-up customers:
-- a broad query (科技, hf: tens of thousands of hits) has a page of hits among them, and only the ranks
-- that do not are looked up in their own indexes. Owner and pool are included so that those 2,000 are
-- found from the index alone, without reading the customers the actor may not see.
CREATE INDEX customer_recent_idx ON customer (tenant_id, last_follow_up_at DESC NULLS LAST, id DESC)
    INCLUDE (owner_id, in_pool) WHERE deleted_at IS NULL;

-- The exact-name rank needs an index of its own: the gram index finds 科技 in 25,000 names, of which a
-- handful are called 科技. ARRAY[...] || aliases @> ARRAY[q] is name = q OR short_name = q OR q = ANY(aliases).
CREATE INDEX customer_exact_names_idx ON customer USING gin (tenant_id, (ARRAY[name, short_name] || aliases))
    WHERE deleted_at IS NULL;

-- The prefix ranks (name, initials, pinyin) are mostly the city a name starts with (合肥, hf), and a region
-- manager's customers are in their region's cities: walking the recency index for 合肥 as the manager of
-- the south reads the whole tenant to find nothing. These indexes carry what visibility and the order need,
-- so a prefix's hits are read from the index alone, however many, and only the first ones from the heap.
-- lower(name) LIKE 'q%' is name ILIKE 'q%' (PostgreSQL lowers both sides for ILIKE in a multi-byte encoding).
-- The name itself is included because an index-only scan cannot evaluate lower(name) from the key.
CREATE INDEX customer_name_prefix_idx ON customer (tenant_id, lower(name) text_pattern_ops)
    INCLUDE (name, owner_id, in_pool, last_follow_up_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_initials_prefix_idx ON customer (tenant_id, name_initials text_pattern_ops)
    INCLUDE (owner_id, in_pool, last_follow_up_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_pinyin_prefix_idx ON customer (tenant_id, name_pinyin text_pattern_ops)
    INCLUDE (name_initials, owner_id, in_pool, last_follow_up_at, id) WHERE deleted_at IS NULL;

-- A lookup's plan (which index, bitmap or not) rests on the planner's estimate of its hits. A partial index
-- gets no statistics on its expressions, and without them every one is guessed at 0.5% of the tenant.
CREATE STATISTICS customer_exact_names_stat ON ((ARRAY[name, short_name] || aliases)) FROM customer;
CREATE STATISTICS customer_name_lower_stat ON (lower(name)) FROM customer;
CREATE STATISTICS customer_initials_bigrams_stat ON (crm_bigrams(name_initials)) FROM customer;
ANALYZE customer;
