"""Audit events are append-only in the database as well as in the application.

The base manager becomes the refusing ``objects`` manager, and a trigger makes the database
refuse any UPDATE of an audit row (SQLite and PostgreSQL). DELETE is refused too, except under
the retention purge's permit: migration 0003.

A later migration that rebuilds this table on SQLite (most AlterField operations do) drops the
trigger with the old table: recreate it there. ``test_the_database_refuses_to_update_an_audit_row``
fails if it is missing.
"""

from django.db import migrations

TRIGGER = "audit_auditevent_no_update"

SQLITE_CREATE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {TRIGGER} BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END
    """
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TRIGGER}"]

POSTGRES_CREATE = [
    """
    CREATE OR REPLACE FUNCTION audit_auditevent_refuse_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only';
    END;
    $$
    """,
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_auditevent",
    f"""
    CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_update()
    """,
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse_update()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditevent",
            options={"base_manager_name": "objects", "ordering": ["-occurred_at", "-id"]},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
