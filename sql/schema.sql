-- The sample legacy schema: UUIDs stored as varchar(36) strings.
-- journal_entries.user_id and reminders.user_id have no index, as in the original.
CREATE TABLE users (
    id           varchar(36) PRIMARY KEY,
    email        varchar(255) NOT NULL UNIQUE,
    display_name text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE journal_entries (
    id         varchar(36) PRIMARY KEY,
    user_id    varchar(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      text NOT NULL,
    body       text,
    mood       smallint CHECK (mood BETWEEN 1 AND 5),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reminders (
    id               varchar(36) PRIMARY KEY,
    user_id          varchar(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    journal_entry_id varchar(36) REFERENCES journal_entries (id) ON DELETE SET NULL,
    remind_at        timestamptz NOT NULL,
    note             text
);

CREATE TABLE tags (
    id      varchar(36) PRIMARY KEY,
    user_id varchar(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name    varchar(64) NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE secret_tags (
    id      varchar(36) PRIMARY KEY,
    tag_id  varchar(36) NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    user_id varchar(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret  text NOT NULL
);
CREATE INDEX secret_tags_user_id_idx ON secret_tags (user_id);
CREATE INDEX secret_tags_tag_id_idx ON secret_tags (tag_id);

COMMENT ON TABLE users IS 'Application users; id is a UUID stored as text';
