"""The extractors learn from reviewers: training data from the store (`data`), scores on held-out
reviewed data (`evaluate`), the train-compare-keep loop behind `taqrir train` (`loop`) and the
organization registry proposals an admin accepts (`proposals`). Model versions live as folders
(`extractors.models`); this package sits after the store in the one-way flow and only reads it."""
