-- The sales domain. Rules of this schema:
--  * every table carries tenant_id, and it leads every primary key, unique key and index, so a
--    tenant's rows sit together and the schema can be distributed by tenant later;
--  * references are composite (tenant_id, id), so a row can never point into another tenant;
--  * ids come from one identity per table; deletes of business records are soft (deleted_at).
CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE tenant ADD CONSTRAINT tenant_time_zone_not_blank CHECK (time_zone <> '');

-- ---------------------------------------------------------------- org directory
CREATE TABLE department (
    tenant_id          bigint      NOT NULL REFERENCES tenant (tenant_id),
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    platform_dept_id   text        NOT NULL,
    name               text        NOT NULL,
    parent_id          bigint,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, platform_dept_id),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES department (tenant_id, id)
);
CREATE INDEX department_parent_idx ON department (tenant_id, parent_id);

CREATE TABLE crm_user (
    tenant_id          bigint      NOT NULL REFERENCES tenant (tenant_id),
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    platform_user_id   text        NOT NULL,
    name               text        NOT NULL,
    mobile             text,
    email              text,
    -- 'admin' sees the whole tenant; a manager is a 'rep' who manages departments
    role               text        NOT NULL DEFAULT 'rep' CHECK (role IN ('rep', 'admin')),
    active             boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, platform_user_id)
);

CREATE TABLE user_department (
    tenant_id      bigint NOT NULL,
    user_id        bigint NOT NULL,
    department_id  bigint NOT NULL,
    PRIMARY KEY (tenant_id, user_id, department_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES crm_user (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, department_id) REFERENCES department (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_department_dept_idx ON user_department (tenant_id, department_id);

CREATE TABLE department_manager (
    tenant_id      bigint NOT NULL,
    department_id  bigint NOT NULL,
    user_id        bigint NOT NULL,
    PRIMARY KEY (tenant_id, department_id, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES crm_user (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, department_id) REFERENCES department (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX department_manager_user_idx ON department_manager (tenant_id, user_id);

-- ---------------------------------------------------------------- customers
CREATE TABLE customer (
    tenant_id          bigint      NOT NULL REFERENCES tenant (tenant_id),
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    name               text        NOT NULL CHECK (name <> ''),
    -- name without company suffixes, brackets, spaces and width differences: the 查重 key
    name_norm          text        NOT NULL,
    name_pinyin        text        NOT NULL DEFAULT '',
    name_initials      text        NOT NULL DEFAULT '',
    -- every 1- and 2-character piece of name, short name and aliases: trigrams cannot serve the
    -- one- and two-character queries (华为) that are the commonest in Chinese
    name_grams         text[]      NOT NULL DEFAULT '{}',
    -- name, short name and aliases in one string, for trigram substring search
    search_text        text        NOT NULL DEFAULT '',
    short_name         text,
    aliases            text[]      NOT NULL DEFAULT '{}',
    industry           text,
    region             text,
    source             text,
    level              text        NOT NULL DEFAULT 'potential'
                                   CHECK (level IN ('potential', 'intent', 'deal', 'lost')),
    phones             text[]      NOT NULL DEFAULT '{}',
    -- digits only, for 查重 and phone-suffix search
    phone_norms        text[]      NOT NULL DEFAULT '{}',
    phones_text        text        NOT NULL DEFAULT '',
    address            text,
    tags               text[]      NOT NULL DEFAULT '{}',
    owner_id           bigint,
    in_pool            boolean     NOT NULL DEFAULT false,
    pool_since         timestamptz,
    pool_warned_at     timestamptz,
    last_follow_up_at  timestamptz,
    created_by         bigint      NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer     NOT NULL DEFAULT 1,
    deleted_at         timestamptz,
    deleted_by         bigint,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES crm_user (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES crm_user (tenant_id, id),
    -- a private customer has an owner; a pool customer has none
    CONSTRAINT customer_owner_or_pool CHECK ((owner_id IS NULL) = in_pool)
);
-- two live customers never share a normalised name, even when created at the same instant
CREATE UNIQUE INDEX customer_name_norm_key ON customer (tenant_id, name_norm) WHERE deleted_at IS NULL;
CREATE INDEX customer_owner_idx ON customer (tenant_id, owner_id, last_follow_up_at) WHERE deleted_at IS NULL;
CREATE INDEX customer_pool_idx ON customer (tenant_id, pool_since) WHERE in_pool AND deleted_at IS NULL;
CREATE INDEX customer_phone_norms_idx ON customer USING gin (tenant_id, phone_norms) WHERE deleted_at IS NULL;
CREATE INDEX customer_name_grams_idx ON customer USING gin (tenant_id, name_grams) WHERE deleted_at IS NULL;
CREATE INDEX customer_search_trgm_idx ON customer USING gin (tenant_id, search_text gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX customer_pinyin_trgm_idx ON customer USING gin (tenant_id, name_pinyin gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX customer_initials_trgm_idx ON customer USING gin (tenant_id, name_initials gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX customer_phones_trgm_idx ON customer USING gin (tenant_id, phones_text gin_trgm_ops) WHERE deleted_at IS NULL;

CREATE TABLE customer_collaborator (
    tenant_id    bigint      NOT NULL,
    customer_id  bigint      NOT NULL,
    user_id      bigint      NOT NULL,
    added_by     bigint      NOT NULL,
    added_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, customer_id, user_id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES crm_user (tenant_id, id)
);
CREATE INDEX customer_collaborator_user_idx ON customer_collaborator (tenant_id, user_id);

CREATE TABLE contact (
    tenant_id    bigint      NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    customer_id  bigint      NOT NULL,
    name         text        NOT NULL CHECK (name <> ''),
    title        text,
    phones       text[]      NOT NULL DEFAULT '{}',
    email        text,
    wechat_id    text,
    created_by   bigint      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      integer     NOT NULL DEFAULT 1,
    deleted_at   timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id)
);
CREATE INDEX contact_customer_idx ON contact (tenant_id, customer_id) WHERE deleted_at IS NULL;

-- ---------------------------------------------------------------- opportunities (商机)
CREATE TABLE opportunity_stage (
    tenant_id    bigint  NOT NULL REFERENCES tenant (tenant_id),
    id           bigint  GENERATED ALWAYS AS IDENTITY,
    name         text    NOT NULL CHECK (name <> ''),
    position     integer NOT NULL,
    probability  integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
    -- 'won' and 'lost' stages close the opportunity
    kind         text    NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
    active       boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, position),
    UNIQUE (tenant_id, name)
);

CREATE TABLE opportunity (
    tenant_id       bigint        NOT NULL,
    id              bigint        GENERATED ALWAYS AS IDENTITY,
    customer_id     bigint        NOT NULL,
    name            text          NOT NULL CHECK (name <> ''),
    amount          numeric(16,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    expected_close  date,
    stage_id        bigint        NOT NULL,
    status          text          NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    lost_reason     text,
    probability     integer       NOT NULL CHECK (probability BETWEEN 0 AND 100),
    owner_id        bigint        NOT NULL,
    closed_at       timestamptz,
    created_by      bigint        NOT NULL,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    version         integer       NOT NULL DEFAULT 1,
    deleted_at      timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
    FOREIGN KEY (tenant_id, stage_id) REFERENCES opportunity_stage (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES crm_user (tenant_id, id),
    CONSTRAINT opportunity_lost_has_reason CHECK (status <> 'lost' OR lost_reason IS NOT NULL)
);
CREATE INDEX opportunity_customer_idx ON opportunity (tenant_id, customer_id) WHERE deleted_at IS NULL;
CREATE INDEX opportunity_owner_idx ON opportunity (tenant_id, owner_id, status) WHERE deleted_at IS NULL;
CREATE INDEX opportunity_closed_idx ON opportunity (tenant_id, closed_at) WHERE deleted_at IS NULL AND status <> 'open';

CREATE TABLE opportunity_stage_move (
    tenant_id       bigint      NOT NULL,
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    opportunity_id  bigint      NOT NULL,
    from_stage_id   bigint,
    to_stage_id     bigint      NOT NULL,
    moved_by        bigint      NOT NULL,
    moved_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunity (tenant_id, id),
    FOREIGN KEY (tenant_id, moved_by) REFERENCES crm_user (tenant_id, id)
);
CREATE INDEX opportunity_stage_move_opp_idx ON opportunity_stage_move (tenant_id, opportunity_id, moved_at);
CREATE INDEX opportunity_stage_move_at_idx ON opportunity_stage_move (tenant_id, moved_at);

-- ---------------------------------------------------------------- follow-ups (跟进记录)
CREATE TABLE follow_up (
    tenant_id          bigint      NOT NULL,
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    customer_id        bigint      NOT NULL,
    opportunity_id     bigint,
    author_id          bigint      NOT NULL,
    method             text        NOT NULL
                                   CHECK (method IN ('call', 'visit', 'wechat', 'email', 'meeting', 'other')),
    content            text        NOT NULL CHECK (content <> ''),
    happened_at        timestamptz NOT NULL,
    next_step          text,
    next_follow_up_at  timestamptz,
    source             text        NOT NULL CHECK (source IN ('chat', 'mini_app', 'import', 'api')),
    -- the platform message id: a re-delivered chat message never logs twice
    source_message_id  text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    deleted_at         timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
    FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunity (tenant_id, id),
    FOREIGN KEY (tenant_id, author_id) REFERENCES crm_user (tenant_id, id)
);
CREATE UNIQUE INDEX follow_up_source_message_key ON follow_up (tenant_id, source_message_id)
    WHERE source_message_id IS NOT NULL;
CREATE INDEX follow_up_customer_idx ON follow_up (tenant_id, customer_id, happened_at DESC);
CREATE INDEX follow_up_author_idx ON follow_up (tenant_id, author_id, happened_at);

-- ---------------------------------------------------------------- reminders
CREATE TABLE reminder (
    tenant_id     bigint      NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    owner_id      bigint      NOT NULL,
    customer_id   bigint,
    follow_up_id  bigint,
    due_at        timestamptz NOT NULL,
    repeat_rule   text        NOT NULL DEFAULT 'none'
                              CHECK (repeat_rule IN ('none', 'daily', 'weekdays', 'weekly', 'monthly')),
    channels      text[]      NOT NULL DEFAULT '{chat}',
    text          text        NOT NULL CHECK (text <> ''),
    status        text        NOT NULL DEFAULT 'pending'
                              CHECK (status IN ('pending', 'sent', 'done', 'snoozed', 'cancelled')),
    created_by    bigint      NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz,
    version       integer     NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES crm_user (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
    FOREIGN KEY (tenant_id, follow_up_id) REFERENCES follow_up (tenant_id, id)
);
CREATE INDEX reminder_due_idx ON reminder (tenant_id, due_at) WHERE status IN ('pending', 'snoozed');
CREATE INDEX reminder_owner_idx ON reminder (tenant_id, owner_id, status, due_at);

-- ---------------------------------------------------------------- mentions / tasks (@李四 帮忙跟进一下)
CREATE TABLE mention (
    tenant_id          bigint      NOT NULL,
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    from_user_id       bigint      NOT NULL,
    to_user_id         bigint      NOT NULL,
    customer_id        bigint,
    opportunity_id     bigint,
    text               text        NOT NULL CHECK (text <> ''),
    status             text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    source_message_id  text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    done_at            timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, from_user_id) REFERENCES crm_user (tenant_id, id),
    FOREIGN KEY (tenant_id, to_user_id) REFERENCES crm_user (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
    FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunity (tenant_id, id)
);
CREATE UNIQUE INDEX mention_source_message_key ON mention (tenant_id, source_message_id, to_user_id)
    WHERE source_message_id IS NOT NULL;
CREATE INDEX mention_to_idx ON mention (tenant_id, to_user_id, status);

-- ---------------------------------------------------------------- customer pool (公海)
CREATE TABLE pool_rule (
    tenant_id            bigint  PRIMARY KEY REFERENCES tenant (tenant_id),
    -- days without a follow-up before a customer of that level returns to the pool; NULL = never
    reclaim_days_potential  integer CHECK (reclaim_days_potential > 0),
    reclaim_days_intent     integer CHECK (reclaim_days_intent > 0),
    reclaim_days_deal       integer CHECK (reclaim_days_deal > 0),
    reclaim_days_lost       integer CHECK (reclaim_days_lost > 0),
    warn_days_before     integer NOT NULL DEFAULT 3 CHECK (warn_days_before >= 0),
    max_private          integer CHECK (max_private > 0),
    max_claims_per_day   integer CHECK (max_claims_per_day > 0),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pool_event (
    tenant_id    bigint      NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    customer_id  bigint      NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('claim', 'reclaim', 'release', 'assign')),
    user_id      bigint,
    at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id)
);
CREATE INDEX pool_event_user_idx ON pool_event (tenant_id, user_id, kind, at);

-- ---------------------------------------------------------------- audit log
CREATE TABLE audit_log (
    tenant_id    bigint      NOT NULL REFERENCES tenant (tenant_id),
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    actor_id     bigint,
    action       text        NOT NULL,
    entity_type  text        NOT NULL,
    entity_id    bigint      NOT NULL,
    -- where the change came from: 'chat' + message id, 'mini_app' + request id, 'system', ...
    source       text        NOT NULL,
    source_ref   text,
    changes      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_entity_idx ON audit_log (tenant_id, entity_type, entity_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (tenant_id, at);
