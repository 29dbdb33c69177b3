"""Sources: reading input documents (files, folders, stdin) and dating them."""
