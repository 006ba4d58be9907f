//! The lines of one request field, borrowed from wherever the request's headers live.

/// Every line of one field, in order: RFC 9110 §5.3 reads several lines of a list-based field as one list, and
/// a field that allows one value and came in several lines as unreadable. Most fields come in one line, which is
/// kept without allocating.
#[derive(Debug, Clone, Default)]
pub(crate) enum Lines<'h> {
    /// The field is not in the request.
    #[default]
    Absent,
    /// One line.
    One(&'h [u8]),
    /// Two lines or more.
    Several(Vec<&'h [u8]>),
}

impl<'h> Lines<'h> {
    /// Adds the next line of the field.
    pub(crate) fn push(&mut self, line: &'h [u8]) {
        *self = match std::mem::take(self) {
            Lines::Absent => Lines::One(line),
            Lines::One(first) => Lines::Several(vec![first, line]),
            Lines::Several(mut lines) => {
                lines.push(line);
                Lines::Several(lines)
            }
        };
    }

    /// Each line, in order.
    pub(crate) fn iter(&self) -> LineIter<'h, '_> {
        match self {
            Lines::Absent => LineIter::Several([].iter()),
            Lines::One(line) => LineIter::One(Some(line)),
            Lines::Several(lines) => LineIter::Several(lines.iter()),
        }
    }
}

/// The lines of a field, one by one: a plain enum rather than a chain of iterators, since a field is read on
/// every request that carries it and nearly always has one line.
pub(crate) enum LineIter<'h, 'l> {
    One(Option<&'h [u8]>),
    Several(std::slice::Iter<'l, &'h [u8]>),
}

impl<'h> Iterator for LineIter<'h, '_> {
    type Item = &'h [u8];

    fn next(&mut self) -> Option<&'h [u8]> {
        match self {
            LineIter::One(line) => line.take(),
            LineIter::Several(lines) => lines.next().copied(),
        }
    }
}
