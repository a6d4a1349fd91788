//! Desktop app.
