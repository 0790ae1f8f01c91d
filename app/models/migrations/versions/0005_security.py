"""security settings and the hash-chained operation log

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Security settings and review findings: sign-in policies, known devices, per-console sign-in
throttles, two-step sign-in, recovery codes, security alerts; accounts gain `auth_version`
(bumped by triggers on role, grant, status and password changes) and `password_must_change`;
sign-in sessions gain the console's device id, last sign of life and lock; the operation log
becomes a hash chain (existing entries are chained here, in id order) and append-only
(triggers refuse UPDATE and DELETE on SQLite and PostgreSQL). On PostgreSQL two SECURITY
DEFINER functions let a console check a password without reading its hash.
"""

from alembic import op
import sqlalchemy as sa
import app.models.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER zg_audit_no_update BEFORE UPDATE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'the operation log is append-only'); END""",
    """CREATE TRIGGER zg_audit_no_delete BEFORE DELETE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'the operation log is append-only'); END""",
    """CREATE TRIGGER zg_accounts_auth_version AFTER UPDATE OF status, role_id, password_hash, kind ON accounts
       WHEN OLD.status IS NOT NEW.status OR OLD.role_id IS NOT NEW.role_id
         OR OLD.password_hash IS NOT NEW.password_hash OR OLD.kind IS NOT NEW.kind
       BEGIN UPDATE accounts SET auth_version = auth_version + 1 WHERE id = NEW.id; END""",
    """CREATE TRIGGER zg_role_points_added AFTER INSERT ON role_permissions
       BEGIN UPDATE accounts SET auth_version = auth_version + 1 WHERE role_id = NEW.role_id; END""",
    """CREATE TRIGGER zg_role_points_removed AFTER DELETE ON role_permissions
       BEGIN UPDATE accounts SET auth_version = auth_version + 1 WHERE role_id = OLD.role_id; END""",
    """CREATE TRIGGER zg_grants_added AFTER INSERT ON account_permissions
       BEGIN UPDATE accounts SET auth_version = auth_version + 1 WHERE id = NEW.account_id; END""",
    """CREATE TRIGGER zg_grants_removed AFTER DELETE ON account_permissions
       BEGIN UPDATE accounts SET auth_version = auth_version + 1 WHERE id = OLD.account_id; END""",
)
_SQLITE_TRIGGER_NAMES = (
    "zg_audit_no_update", "zg_audit_no_delete", "zg_accounts_auth_version", "zg_role_points_added",
    "zg_role_points_removed", "zg_grants_added", "zg_grants_removed",
)

_PG_SQL = (
    """CREATE FUNCTION zg_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the operation log is append-only'; END $$""",
    """CREATE TRIGGER zg_audit_append_only BEFORE UPDATE OR DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION zg_audit_append_only()""",
    """CREATE TRIGGER zg_audit_no_truncate BEFORE TRUNCATE ON audit_events
       FOR EACH STATEMENT EXECUTE FUNCTION zg_audit_append_only()""",
    """CREATE FUNCTION zg_accounts_auth_version() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.status IS DISTINCT FROM OLD.status OR NEW.role_id IS DISTINCT FROM OLD.role_id
            OR NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.kind IS DISTINCT FROM OLD.kind THEN
           NEW.auth_version := OLD.auth_version + 1;
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER zg_accounts_auth_version BEFORE UPDATE ON accounts
       FOR EACH ROW EXECUTE FUNCTION zg_accounts_auth_version()""",
    """CREATE FUNCTION zg_role_points_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           UPDATE accounts SET auth_version = auth_version + 1 WHERE role_id = OLD.role_id;
           RETURN OLD;
         END IF;
         UPDATE accounts SET auth_version = auth_version + 1 WHERE role_id = NEW.role_id;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER zg_role_points_changed AFTER INSERT OR UPDATE OR DELETE ON role_permissions
       FOR EACH ROW EXECUTE FUNCTION zg_role_points_changed()""",
    """CREATE FUNCTION zg_grants_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           UPDATE accounts SET auth_version = auth_version + 1 WHERE id = OLD.account_id;
           RETURN OLD;
         END IF;
         UPDATE accounts SET auth_version = auth_version + 1 WHERE id = NEW.account_id;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER zg_grants_changed AFTER INSERT OR UPDATE OR DELETE ON account_permissions
       FOR EACH ROW EXECUTE FUNCTION zg_grants_changed()""",
    # A console checks a password without reading its hash: it gets the hash's settings
    # (algorithm, cost, salt), hashes the candidate itself and asks whether they match.
    """CREATE FUNCTION zg_password_settings(account integer) RETURNS text
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema} AS $$
         SELECT regexp_replace(password_hash, '\\$[^$]*$', '') FROM accounts WHERE id = account
       $$""",
    """CREATE FUNCTION zg_password_matches(account integer, candidate text) RETURNS boolean
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema} AS $$
         SELECT coalesce((SELECT md5(password_hash) = md5(candidate) FROM accounts WHERE id = account), false)
       $$""",
)
_PG_DROP = (
    "DROP FUNCTION IF EXISTS zg_password_matches(integer, text)",
    "DROP FUNCTION IF EXISTS zg_password_settings(integer)",
    "DROP TRIGGER IF EXISTS zg_grants_changed ON account_permissions",
    "DROP FUNCTION IF EXISTS zg_grants_changed()",
    "DROP TRIGGER IF EXISTS zg_role_points_changed ON role_permissions",
    "DROP FUNCTION IF EXISTS zg_role_points_changed()",
    "DROP TRIGGER IF EXISTS zg_accounts_auth_version ON accounts",
    "DROP FUNCTION IF EXISTS zg_accounts_auth_version()",
    "DROP TRIGGER IF EXISTS zg_audit_no_truncate ON audit_events",
    "DROP TRIGGER IF EXISTS zg_audit_append_only ON audit_events",
    "DROP FUNCTION IF EXISTS zg_audit_append_only()",
)


def upgrade() -> None:
    op.create_table('audit_chain',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain'))
    )
    op.create_table('security_policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('lockout_attempts', sa.Integer(), nullable=True),
    sa.Column('lockout_minutes', sa.Integer(), nullable=True),
    sa.Column('hours', sa.JSON(), nullable=True),
    sa.Column('device_approval', sa.Boolean(), nullable=True),
    sa.Column('single_session', sa.Boolean(), nullable=True),
    sa.Column('allow_switch', sa.Boolean(), nullable=True),
    sa.Column('ad_limit', sa.Integer(), nullable=True),
    sa.Column('ad_window_min', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_security_policies_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_policies')),
    sa.UniqueConstraint('account_id', name=op.f('uq_security_policies_account_id'))
    )
    op.create_table('known_devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('first_seen_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_known_devices_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_known_devices')),
    sa.UniqueConstraint('account_id', 'device_id', name=op.f('uq_known_devices_account_id_device_id'))
    )
    with op.batch_alter_table('known_devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_devices_account_id'), ['account_id'], unique=False)
    op.create_table('sign_in_throttles',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_sign_in_throttles_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'device_id', name=op.f('pk_sign_in_throttles'))
    )
    op.create_table('two_step',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('salt', sa.String(length=64), nullable=False),
    sa.Column('wrapped_secret', sa.String(length=200), nullable=False),
    sa.Column('enabled_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_step', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_two_step_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_two_step'))
    )
    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('salt', sa.String(length=32), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('used_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_recovery_codes_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_account_id'), ['account_id'], unique=False)
    op.create_table('security_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('acknowledged_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_security_alerts_account_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_alerts'))
    )
    with op.batch_alter_table('security_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_security_alerts_at'), ['at'], unique=False)

    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_must_change', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('auth_version', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('sign_in_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('last_seen_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('locked_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_seq'), ['seq'])

    seq, head = _chain_existing_entries()
    op.get_bind().execute(sa.text("INSERT INTO audit_chain (id, seq, last_hash) VALUES (1, :s, :h)"), {"s": seq, "h": head})
    _create_triggers()


def _chain_existing_entries() -> tuple[int, str]:
    """Chain the entries written before the log had a chain, in id order (the hash is
    app.services.common.audit.entry_hash, repeated here: models never import services;
    tests/services/test_security_audit.py checks the two agree)."""
    bind = op.get_bind()
    events = sa.table(
        'audit_events', sa.column('id', sa.Integer()), sa.column('at', app.models.base.UTCDateTime()),
        sa.column('actor_id', sa.Integer()), sa.column('actor_nick', sa.String()),
        sa.column('action', sa.String()), sa.column('target', sa.String()), sa.column('detail', sa.JSON()),
        sa.column('seq', sa.Integer()), sa.column('prev_hash', sa.String()), sa.column('hash', sa.String()),
    )
    rows = bind.execute(
        sa.select(events.c.id, events.c.at, events.c.actor_id, events.c.actor_nick, events.c.action,
                  events.c.target, events.c.detail).order_by(events.c.id)
    ).all()
    prev, seq = GENESIS, 0
    for id_, at, actor_id, nick, action, target, detail in rows:
        seq += 1
        digest = entry_hash(prev, seq, at, actor_id, nick or "", action, target or "", detail)
        bind.execute(
            events.update().where(events.c.id == id_).values(seq=seq, prev_hash=prev, hash=digest)
        )
        prev = digest
    return seq, prev


GENESIS = "0" * 64


def entry_hash(prev, seq, at, actor_id, actor_nick, action, target, detail):  # type: ignore[no-untyped-def]
    import hashlib
    import json

    from app.models.base import stored_text

    payload = json.dumps(
        [seq, stored_text(at), actor_id, actor_nick, action, target, detail],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev}|{payload}".encode()).hexdigest()


def _create_triggers() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for sql in _SQLITE_TRIGGERS:
            op.execute(sql)
    elif bind.dialect.name == "postgresql":
        schema = bind.execute(sa.text("SELECT current_schema()")).scalar()
        for sql in _PG_SQL:
            op.execute(sa.text(sql.replace("{schema}", f'"{schema}"')))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif bind.dialect.name == "postgresql":
        for sql in _PG_DROP:
            op.execute(sql)
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_events_seq'), type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
    with op.batch_alter_table('sign_in_sessions', schema=None) as batch_op:
        batch_op.drop_column('locked_at')
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('device_id')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('auth_version')
        batch_op.drop_column('password_must_change')
    with op.batch_alter_table('security_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_security_alerts_at'))
    op.drop_table('security_alerts')
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_account_id'))
    op.drop_table('recovery_codes')
    op.drop_table('two_step')
    op.drop_table('sign_in_throttles')
    with op.batch_alter_table('known_devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_known_devices_account_id'))
    op.drop_table('known_devices')
    op.drop_table('security_policies')
    op.drop_table('audit_chain')
