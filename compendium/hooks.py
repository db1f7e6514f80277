"""The MkDocs hook that mkdocs.yml names. MkDocs runs a hook file by its path, as a new module every time it loads a
configuration; this one only hands it the events of compendium.mkdocs_adapter, so the build runs the one adapter
module there is (its functions and state are the package's own, which the tests can patch)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # a hook is run outside its package

from compendium.mkdocs_adapter import (on_config, on_env, on_files, on_nav, on_page_content,  # noqa: E402,F401
                                       on_page_context, on_post_build, on_post_page, on_post_template)
