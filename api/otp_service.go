package api

// Additions of the service side of the OTP flows.

// ReasonReuse (Problem.Reason with weak_password): the new password is
// the current one.
const ReasonReuse = "reuse"

// CodeDeliveryFailed (503): the one-time password could not be sent (the
// SMS gateway or mail server failed); the request may be started again.
const CodeDeliveryFailed = "delivery_failed"

// FeatureOutbox is the Info feature of a demo service whose messages are
// readable at PathOutbox.
const FeatureOutbox = "outbox"
