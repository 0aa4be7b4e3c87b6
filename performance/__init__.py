"""Performance indicators: services' figures against their comparators."""
