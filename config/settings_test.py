"""Settings for the test suite: the normal settings in ``test`` mode.

Passwords are still hashed with argon2, with cheap parameters so the suite stays fast.
"""

import os

os.environ.setdefault("SENDRESOLVE_ENV", "test")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["config.hashers.FastArgon2PasswordHasher"]
