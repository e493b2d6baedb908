"""The Latsar program as configuration: content/program.yaml, its imported versions, and the rules that compose a
participant's final score, band and pass from the components the features provide."""
