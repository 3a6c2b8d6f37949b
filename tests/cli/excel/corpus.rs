//! Every workbook of the corpora through the CLI.
