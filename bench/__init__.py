"""`invoke bench`: our production build against vanilla Pelican on a seeded synthetic corpus (bench/README.md)."""
