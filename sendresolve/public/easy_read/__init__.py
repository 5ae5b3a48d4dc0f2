"""Easy Read versions of the start page, the advice page and the certificate's covering letter."""
