//! What the users example renders, whatever framework sends it: the home page, the CSV, and the card in its
//! two languages. Names and addresses come from clients, so all of it is escaped or defused here.

use etag_runtime::ETag;

use crate::model::User;

/// The languages the card is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    French,
}

impl Language {
    /// The codes the card is offered in, and the one sent when the request accepts neither.
    pub const OFFERED: [&str; 2] = ["en", "fr"];
    pub const DEFAULT: &str = "en";

    /// The language of a code among [`Language::OFFERED`], as negotiated from Accept-Language (RFC 9110
    /// §12.5.4): English when the request asks for neither, for anything (`*`), refuses French (`fr;q=0`), or
    /// sends no Accept-Language.
    pub fn of_code(code: &str) -> Language {
        match code {
            "fr" => Language::French,
            _ => Language::English,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::French => "fr",
        }
    }

    fn email_label(self) -> &'static str {
        match self {
            Language::English => "Email:",
            Language::French => "Courriel :",
        }
    }
}

/// The card's ETag field: the same state as the user's JSON in another representation, so a strong tag of its own,
/// `"card-"` and the user's tag (the language is added as the variant the handler names).
pub fn card_tag(user: &User) -> String {
    format!("\"card-{}\"", user.etag().opaque())
}

/// One user as an HTML fragment in `language`, with the client's text escaped.
pub fn card(user: &User, language: Language) -> String {
    format!(
        "<article class=\"user\" id=\"user-{}\" lang=\"{}\"><h2>{}</h2><p>{} <a href=\"mailto:{email}\">{email}</a></p></article>\n",
        user.id,
        language.code(),
        escape_html(&user.name),
        language.email_label(),
        email = escape_html(&user.email),
    )
}

/// The home page: every user in a table.
pub fn home_page(users: &[User]) -> String {
    let rows: String = users
        .iter()
        .map(|user| {
            format!(
                "<tr><td><a href=\"/users/{id}/card\">{id}</a></td><td>{}</td><td>{}</td></tr>\n",
                escape_html(&user.name),
                escape_html(&user.email),
                id = user.id,
            )
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Users</title></head>\n<body>\n\
         <h1>Users</h1>\n<table>\n<tr><th>id</th><th>name</th><th>email</th></tr>\n{rows}</table>\n\
         <p><a href=\"/users.csv\">CSV</a> · <a href=\"/users\">JSON</a></p>\n</body>\n</html>\n"
    )
}

/// The users as CSV (RFC 4180), under a header row.
pub fn csv(users: &[User]) -> String {
    let mut text = String::from("id,name,email,version\r\n");
    for user in users {
        let fields = [
            user.id.to_string(),
            csv_field(&user.name),
            csv_field(&user.email),
            user.version.to_string(),
        ];
        text.push_str(&fields.join(","));
        text.push_str("\r\n");
    }
    text
}

/// RFC 4180 §2: a field with a comma, a quote or a line break is quoted, its quotes doubled. A field that a
/// spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// `'` before it first, as OWASP's advice on CSV injection says, so that `=HYPERLINK(..)` is shown, not run.
fn csv_field(text: &str) -> String {
    let defused = match text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        true => format!("'{text}"),
        false => text.to_owned(),
    };
    if defused.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Names and addresses come from clients: escaped, so that none can inject markup into the page.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}
