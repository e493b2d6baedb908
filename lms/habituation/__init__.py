"""The habituation log: entries, evidence, comments, mentor confirmations and changes of plan (Agenda IV)."""
