"""The methodiek handbook engine: load, validate and render programme YAML."""
