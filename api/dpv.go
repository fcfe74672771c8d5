package api

import "time"

// Paths of voluntary pension contributions («Перечислить ДПВ»).
const (
	PathDPVOrders = Prefix + "/dpv/orders"
)

// PathDPVReceipt is GET /api/v1/dpv/orders/{id}/receipt.pdf.
func PathDPVReceipt(id string) string { return PathDPVOrders + "/" + id + "/receipt.pdf" }

// Limits of a voluntary contribution order.
const (
	// MaxDPVAmount is the largest single order: 10,000,000 tenge.
	MaxDPVAmount Money = 10_000_000 * 100
	// DPVPeriodMonths is how many months back a period may be.
	DPVPeriodMonths = 12
)

// DPVOrderPaid is the status of a confirmed order.
const DPVOrderPaid = "paid"

// Reasons of a validation_failed answer to POST /api/v1/dpv/orders.
const (
	ReasonDPVAmount = "amount" // not > 0 or above MaxDPVAmount
	ReasonDPVPeriod = "period" // malformed, in the future or too old
)

// DPVOrderRequest is POST /api/v1/dpv/orders. The Idempotency-Key
// header makes a retry safe.
type DPVOrderRequest struct {
	Amount Money  `json:"amount"`
	Period string `json:"period"` // YYYY-MM
}

// DPVOrder is a voluntary pension contribution order.
type DPVOrder struct {
	ID        string    `json:"id"`
	Amount    Money     `json:"amount"`
	Period    string    `json:"period"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"createdAt"`
	Receipt   string    `json:"receipt"` // receipt number
}

// DPVOrders is GET /api/v1/dpv/orders, newest first.
type DPVOrders struct {
	Orders []DPVOrder `json:"orders"`
}
