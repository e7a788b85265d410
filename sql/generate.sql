-- Loads N users (setting uuidswap.users, default 10000) with proportional children:
-- 3 journal entries, 1 reminder, 1 tag and 0.5 secret tag per user. Set-based and repeatable:
-- keys are md5-derived UUIDs. Every Kth user key (setting uuidswap.upper_every, default 10; 0: none)
-- is written in upper case, in the users table and in every child that references it, as an
-- application that formats UUIDs in upper case would (.NET's ToString().ToUpper(), Apple platforms).
--   psql -c "SET uuidswap.users = 100000" -f sql/generate.sql   (one session: use -c and -f together)
SELECT set_config('uuidswap.users', coalesce(current_setting('uuidswap.users', true), '10000'), false);
SELECT set_config('uuidswap.upper_every', coalesce(current_setting('uuidswap.upper_every', true), '10'), false);

-- The key of user n as the application writes it.
CREATE OR REPLACE FUNCTION pg_temp.user_key(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN current_setting('uuidswap.upper_every')::int > 0 AND n % current_setting('uuidswap.upper_every')::int = 0
                THEN upper(md5('u' || n)::uuid::text) ELSE md5('u' || n)::uuid::text END
$$;

INSERT INTO users (id, email, display_name, created_at)
SELECT pg_temp.user_key(g), 'user' || g || '@example.com', 'User ' || g,
       timestamptz '2024-01-01' + g * interval '1 minute'
  FROM generate_series(1, current_setting('uuidswap.users')::int) g;

INSERT INTO journal_entries (id, user_id, title, body, mood, created_at)
SELECT md5('j' || g)::uuid::text, pg_temp.user_key((g - 1) / 3 + 1), 'Entry ' || g,
       'Dear diary, day ' || g || ' was fine.', 1 + g % 5, timestamptz '2024-01-01' + g * interval '20 seconds'
  FROM generate_series(1, 3 * current_setting('uuidswap.users')::int) g;

INSERT INTO reminders (id, user_id, journal_entry_id, remind_at, note)
SELECT md5('r' || g)::uuid::text, pg_temp.user_key(g),
       CASE WHEN g % 2 = 0 THEN md5('j' || (3 * g))::uuid::text END,
       timestamptz '2025-01-01' + g * interval '1 hour', CASE WHEN g % 3 = 0 THEN 'call back' END
  FROM generate_series(1, current_setting('uuidswap.users')::int) g;

INSERT INTO tags (id, user_id, name)
SELECT md5('t' || g)::uuid::text, pg_temp.user_key(g), 'tag ' || (g % 97)
  FROM generate_series(1, current_setting('uuidswap.users')::int) g;

INSERT INTO secret_tags (id, tag_id, user_id, secret)
SELECT md5('s' || g)::uuid::text, md5('t' || (2 * g))::uuid::text, pg_temp.user_key(2 * g), 'secret ' || g
  FROM generate_series(1, current_setting('uuidswap.users')::int / 2) g;

ANALYZE users, journal_entries, reminders, tags, secret_tags;
