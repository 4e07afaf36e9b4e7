"""Shell-level views: public pages, and each shell's dashboard and context switcher."""
