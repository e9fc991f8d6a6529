"""Writing reports for people (text with carets) and programs (JSON, JSON Lines, CSV, SARIF).

Every writer streams: it is handed one report at a time, in input order, and keeps only
counters, so that a batch of a million captions runs in flat memory. The modules:

    writer    the `Writer` protocol every format implements
    summary   `Summary` (the counters), the summary and statistics lines, `bad_record_line`
    text      `TextWriter`: linter-style blocks with carets under the span
    json      `JsonlWriter`, `JsonWriter`, and `JsonArrayWriter`, the streaming array both the
              JSON and the SARIF writer use
    csv       `CsvWriter`: one row per finding
    sarif     `SarifWriter`: SARIF 2.1.0 for code-scanning dashboards and editors
"""
