"""The MkDocs hook that mkdocs.yml names. MkDocs runs a hook file by its path, as a module of its own beside the
package's (once a process); this one only hands it the events of compendium.mkdocs_adapter, so there is one adapter
module, whose functions and state are the ones the build uses (and the ones a test patches)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # a hook is run outside its package

from compendium.mkdocs_adapter import (on_config, on_env, on_files, on_nav, on_page_content,  # noqa: E402,F401
                                       on_page_context, on_post_build, on_post_page, on_post_template)
