"""PostgreSQL: messages' conversation checked once per statement, not once per row

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

A foreign key runs one lookup query per inserted row: 37 % of the server's time in a big
chat import, which writes messages by COPY. On PostgreSQL the foreign key from
messages.conversation_id to conversations becomes statement triggers with the same rules
(see `app/models/conversations.py`, `STATEMENT_CHECKED_KEYS`):
- rows inserted or updated into messages must name an existing conversation; the trigger
  locks the conversations they name (FOR KEY SHARE), as the foreign key did, so a
  conversation cannot be deleted under a writer;
- deleting conversations deletes their messages (ON DELETE CASCADE);
- a conversation's id never changes.
SQLite keeps its foreign key (its check costs little there).
"""

from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_FK = "fk_messages_conversation_id_conversations"

_PG_UP = (
    f"ALTER TABLE messages DROP CONSTRAINT {_FK}",
    """CREATE FUNCTION zg_messages_name_conversations() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE missing integer;
       BEGIN
         -- one index probe per conversation named (a join may pick a scan of every
         -- conversation: plans are made once, on the statistics of an emptier table)
         SELECT n.id INTO missing FROM (SELECT DISTINCT conversation_id AS id FROM zg_new) n
           LEFT JOIN LATERAL (SELECT c.id FROM conversations c WHERE c.id = n.id FOR KEY SHARE) held ON true
           WHERE held.id IS NULL LIMIT 1;
         IF FOUND THEN
           RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_messages_conversation_id_conversations',
             MESSAGE = 'insert or update on table "messages" violates foreign key constraint'
                       ' "fk_messages_conversation_id_conversations": conversation ' || missing || ' does not exist';
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER zg_messages_inserted_name_conversations AFTER INSERT ON messages
       REFERENCING NEW TABLE AS zg_new FOR EACH STATEMENT EXECUTE FUNCTION zg_messages_name_conversations()""",
    """CREATE TRIGGER zg_messages_updated_name_conversations AFTER UPDATE ON messages
       REFERENCING NEW TABLE AS zg_new FOR EACH STATEMENT EXECUTE FUNCTION zg_messages_name_conversations()""",
    """CREATE FUNCTION zg_conversations_delete_messages() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM messages m USING zg_old o WHERE m.conversation_id = o.id;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER zg_conversations_delete_messages AFTER DELETE ON conversations
       REFERENCING OLD TABLE AS zg_old FOR EACH STATEMENT EXECUTE FUNCTION zg_conversations_delete_messages()""",
    """CREATE FUNCTION zg_conversations_keep_id() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'a conversation''s id never changes'; END $$""",
    """CREATE TRIGGER zg_conversations_keep_id BEFORE UPDATE OF id ON conversations
       FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION zg_conversations_keep_id()""",
)
_PG_DOWN = (
    "DROP TRIGGER IF EXISTS zg_conversations_keep_id ON conversations",
    "DROP FUNCTION IF EXISTS zg_conversations_keep_id()",
    "DROP TRIGGER IF EXISTS zg_conversations_delete_messages ON conversations",
    "DROP FUNCTION IF EXISTS zg_conversations_delete_messages()",
    "DROP TRIGGER IF EXISTS zg_messages_updated_name_conversations ON messages",
    "DROP TRIGGER IF EXISTS zg_messages_inserted_name_conversations ON messages",
    "DROP FUNCTION IF EXISTS zg_messages_name_conversations()",
    f"ALTER TABLE messages ADD CONSTRAINT {_FK} FOREIGN KEY (conversation_id)"
    " REFERENCES conversations (id) ON DELETE CASCADE",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in _PG_UP:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in _PG_DOWN:
            op.execute(sql)
