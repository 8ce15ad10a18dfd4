"""GitError: a git operation failed; its message is one line a user can act on.

Below the git wrapper (`gitrepo`), the lock files (`locking`), the remote commands (`network`)
and the build's snapshot (`snapshot`), which all raise it or errors made from it.
"""

from __future__ import annotations


class GitError(Exception):
    """A git operation failed; the message is one line a user can act on."""
