/// An error saying that a message came before one it depends on, which is usually being handled at the
/// same moment: two workers share a queue, so a payment can overtake the issue of its invoice by a few
/// milliseconds. The consumer tries such a message again in process a few times within a fraction of a
/// second, before it resorts to the delay tiers (which would hold it back a whole second or more).
package protocol ArrivedEarly: Error {}
