"""Files uploaded to a case: decision letters, EHC plans, reports, evidence, agreements.

Checked by content (``content``), scanned for malware by ClamAV (``scanning``), stored through
Django's storage API (``storage``: local files under ``var/`` or S3-compatible object storage)
and shared by stage (``models.Visibility``, read by ``selectors``). Generated documents
(certificates, letters) are ``sendresolve.documents``.
"""
