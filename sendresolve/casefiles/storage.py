"""Where case documents are kept: the ``casefiles`` entry of Django's ``STORAGES`` setting.

Local files under ``var/casefiles`` by default (never served as static or media files), or
S3-compatible object storage through django-storages when the environment configures it
(``config/settings.py``, README "Documents and virus scanning").
"""

import uuid

from django.core.files.storage import Storage, storages

STORAGE_ALIAS = "casefiles"


def case_files_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def case_file_path(instance: object, filename: str) -> str:
    """A random name under the case's id: nothing about the family, the file or its type."""
    case_id = getattr(instance, "case_id", None) or "unfiled"
    return f"cases/{case_id}/{uuid.uuid4().hex}"
