"""The database refuses to delete an audit event unless a purge permit covers it.

``audit_purgepermit`` holds permits: the retention purge (``audit.models._purge_before``) writes
one for its cutoff, deletes, and removes it, in one transaction, so no other connection sees it.
A trigger refuses the DELETE of any audit row that no permit's cutoff is after (SQLite and
PostgreSQL); on PostgreSQL another refuses a TRUNCATE of a non-empty table unless a permit covers
every row (``manage.py flush``, ``audit/management/commands/flush.py``).

The permit model is unmanaged, so ``flush`` never empties the permit table while it empties the
audit table; the table is made here. As with 0002, a later migration that rebuilds the audit
table on SQLite drops its triggers: recreate them there
(``test_the_database_refuses_to_delete_an_audit_row`` fails if they are missing).
"""

from django.db import migrations, models

DELETE_TRIGGER = "audit_auditevent_no_delete"
TRUNCATE_TRIGGER = "audit_auditevent_no_truncate"
REFUSED = "audit events are deleted only by the retention purge"

SQLITE_CREATE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {DELETE_TRIGGER} BEFORE DELETE ON audit_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM audit_purgepermit WHERE cutoff > OLD.occurred_at)
    BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END
    """
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {DELETE_TRIGGER}"]

POSTGRES_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION audit_auditevent_refuse_delete() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM audit_purgepermit WHERE cutoff > OLD.occurred_at) THEN
            RAISE EXCEPTION '{REFUSED}';
        END IF;
        RETURN OLD;
    END;
    $$
    """,
    f"DROP TRIGGER IF EXISTS {DELETE_TRIGGER} ON audit_auditevent",
    f"""
    CREATE TRIGGER {DELETE_TRIGGER} BEFORE DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_delete()
    """,
    f"""
    CREATE OR REPLACE FUNCTION audit_auditevent_refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM audit_auditevent) AND NOT EXISTS (
            SELECT 1 FROM audit_purgepermit
            WHERE cutoff > (SELECT max(occurred_at) FROM audit_auditevent)
        ) THEN
            RAISE EXCEPTION '{REFUSED}';
        END IF;
        RETURN NULL;
    END;
    $$
    """,
    f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON audit_auditevent",
    f"""
    CREATE TRIGGER {TRUNCATE_TRIGGER} BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_refuse_truncate()
    """,
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse_truncate()",
    f"DROP TRIGGER IF EXISTS {DELETE_TRIGGER} ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse_delete()",
]
TRIGGERS = {"sqlite": (SQLITE_CREATE, SQLITE_DROP), "postgresql": (POSTGRES_CREATE, POSTGRES_DROP)}


def create(apps, schema_editor):
    schema_editor.create_model(apps.get_model("audit", "PurgePermit"))
    for statement in TRIGGERS.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in TRIGGERS.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement, params=None)
    schema_editor.delete_model(apps.get_model("audit", "PurgePermit"))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="PurgePermit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("cutoff", models.DateTimeField()),
            ],
            options={"db_table": "audit_purgepermit", "managed": False},
        ),
        migrations.RunPython(create, drop),
    ]
