package service

import (
	"context"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// paymentKinds are the account and basis combinations of a pension
// payment, in the order the options list them.
var paymentKinds = []struct{ account, basis string }{
	{api.AccountOPV, api.BasisDisability},
	{api.AccountOPPV, api.BasisDisability},
	{api.AccountDPV, api.BasisDisability},
	{api.AccountDPV, api.BasisAge50},
}

func knownPaymentKind(account, basis string) bool {
	for _, k := range paymentKinds {
		if k.account == account && k.basis == basis {
			return true
		}
	}
	return false
}

// ageAt is the depositor's full years at now in the fund's zone, by the
// birth date in his IIN (the one on record when the IIN does not parse).
func ageAt(d store.Depositor, now time.Time) int {
	now = now.In(fundZone())
	if iin, err := kz.ParseIIN(d.IIN); err == nil {
		return iin.AgeAt(now)
	}
	b, err := time.Parse(time.DateOnly, d.BirthDate)
	if err != nil {
		return 0
	}
	age := now.Year() - b.Year()
	if now.Month() < b.Month() || (now.Month() == b.Month() && now.Day() < b.Day()) {
		age--
	}
	return age
}

// paymentRule is the reason the depositor may not have a payment from
// account on basis by the law's rules alone ("" when he may): ОПВ and
// ОППВ need disability group 1 or 2 set for life; ДПВ needs 50 years or
// any disability.
func paymentRule(d store.Depositor, account, basis string, now time.Time) string {
	switch account {
	case api.AccountOPV, api.AccountOPPV:
		if (d.Disability == "1" || d.Disability == "2") && d.DisabilityForLife {
			return ""
		}
		return api.ReasonNeedDisability
	case api.AccountDPV:
		if basis == api.BasisDisability && d.Disability != "" {
			return ""
		}
		if basis == api.BasisAge50 && ageAt(d, now) >= 50 {
			return ""
		}
		return api.ReasonNeedAge50
	}
	return api.ReasonNoAccount
}

// paymentState is what the eligibility of payments needs to know of a
// depositor.
type paymentState struct {
	d        store.Depositor
	balances map[string]int64 // by account type; absent: no such account
	// pending are the accounts with an unfinished payment application
	// (other than the one being re-checked).
	pending map[string]bool
}

// loadPaymentState reads the depositor's accounts and unfinished payment
// applications, leaving out application except (the back office
// re-checking it).
func loadPaymentState(ctx context.Context, st *store.Store, iin, except string) (paymentState, error) {
	d, err := st.Depositor(ctx, iin)
	if err != nil {
		return paymentState{}, err
	}
	ps := paymentState{d: d, balances: map[string]int64{}, pending: map[string]bool{}}
	sums, err := st.AccountSummaries(ctx, iin)
	if err != nil {
		return ps, err
	}
	for _, a := range sums {
		ps.balances[a.Type] = a.Balance
	}
	apps, err := st.Applications(ctx, iin, maxApplicationsListed)
	if err != nil {
		return ps, err
	}
	for _, a := range apps {
		if a.ID != except && a.Type == api.AppPensionPayment && !api.StatusFinal(a.Status) {
			ps.pending[a.Effect.Account] = true
		}
	}
	return ps, nil
}

// eligibility is the not_eligible reason of a payment from account on
// basis ("" when eligible), in the order: no account, the rule, an empty
// account, a pending payment.
func (ps paymentState) eligibility(account, basis string, now time.Time) string {
	balance, ok := ps.balances[account]
	switch {
	case !ok:
		return api.ReasonNoAccount
	case paymentRule(ps.d, account, basis, now) != "":
		return paymentRule(ps.d, account, basis, now)
	case balance <= 0:
		return api.ReasonEmptyAccount
	case ps.pending[account]:
		return api.ReasonPaymentPending
	}
	return ""
}

// options lists every payment kind with its eligibility.
func (ps paymentState) options(now time.Time) []api.PaymentOption {
	out := make([]api.PaymentOption, 0, len(paymentKinds))
	for _, k := range paymentKinds {
		reason := ps.eligibility(k.account, k.basis, now)
		out = append(out, api.PaymentOption{Account: k.account, Basis: k.basis, Eligible: reason == "",
			Reason: reason, Balance: api.Money(ps.balances[k.account])})
	}
	return out
}

// recheck is the back office's check of an application being processed:
// the ReasonCode (a not_eligible reason) to reject it with, "" to approve
// it. A payment is checked again as if it were submitted now (the
// account may have been emptied by another payment meanwhile, the person
// may no longer qualify); the other types pass (their rules do not
// change while they wait).
func recheck(ctx context.Context, st *store.Store, a store.Application, now time.Time) (string, error) {
	if a.Type != api.AppPensionPayment {
		return "", nil
	}
	ps, err := loadPaymentState(ctx, st, a.IIN, a.ID)
	if err != nil {
		return "", err
	}
	return ps.eligibility(a.Effect.Account, a.Effect.Basis, now), nil
}
