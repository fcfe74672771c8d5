package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Certificate revocation lists shared by the instances on one database
// (table crls, migration 00061): downloaded once across the instances,
// read by all of them.

// CRLRow is what is known of the CRL at one address, its DER aside
// (CRLDER). Zero times mean none.
type CRLRow struct {
	URL string
	// Issuer is the certificate (DER) of the CA that signs the list.
	Issuer                 []byte
	ThisUpdate, NextUpdate time.Time
	// Fetched is when the list in hand was downloaded (zero: never).
	Fetched time.Time
	// Tried is the latest attempt; Error its failure ("" when it worked).
	Tried time.Time
	Error string
	// ClaimHolder downloads it until ClaimUntil.
	ClaimHolder string
	ClaimUntil  time.Time
}

// msOr0 is t in Unix milliseconds, 0 for the zero time.
func msOr0(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// timeOr0 is msOr0 back.
func timeOr0(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

const crlCols = `url, issuer, this_update_ms, next_update_ms, fetched_ms, tried_ms, last_error, claim_holder, claim_until_ms`

func scanCRLRow(sc interface{ Scan(...any) error }) (CRLRow, error) {
	var r CRLRow
	var this, next, fetched, tried, until int64
	if err := sc.Scan(&r.URL, &r.Issuer, &this, &next, &fetched, &tried, &r.Error, &r.ClaimHolder, &until); err != nil {
		return CRLRow{}, err
	}
	r.ThisUpdate, r.NextUpdate, r.Fetched = timeOr0(this), timeOr0(next), timeOr0(fetched)
	r.Tried, r.ClaimUntil = timeOr0(tried), timeOr0(until)
	return r, nil
}

// CRLRow returns what is known of the CRL at url; ErrNotFound when
// nothing is.
func (s *Store) CRLRow(ctx context.Context, url string) (CRLRow, error) {
	r, err := scanCRLRow(s.rd.QueryRowContext(ctx, `SELECT `+crlCols+` FROM crls WHERE url = ?`, url))
	if errors.Is(err, sql.ErrNoRows) {
		return CRLRow{}, ErrNotFound
	}
	if err != nil {
		return CRLRow{}, fmt.Errorf("store: CRL: %w", err)
	}
	return r, nil
}

// CRLRows lists every CRL address known, by address.
func (s *Store) CRLRows(ctx context.Context) ([]CRLRow, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT `+crlCols+` FROM crls ORDER BY url`)
	if err != nil {
		return nil, fmt.Errorf("store: CRLs: %w", err)
	}
	defer rows.Close()
	var out []CRLRow
	for rows.Next() {
		r, err := scanCRLRow(rows)
		if err != nil {
			return nil, fmt.Errorf("store: CRLs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: CRLs: %w", err)
	}
	return out, nil
}

// CRLDER returns the list downloaded from url and when; ErrNotFound when
// none has been.
func (s *Store) CRLDER(ctx context.Context, url string) ([]byte, time.Time, error) {
	var der []byte
	var fetched int64
	err := s.rd.QueryRowContext(ctx, `SELECT der, fetched_ms FROM crls WHERE url = ? AND der IS NOT NULL`, url).Scan(&der, &fetched)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, ErrNotFound
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: CRL: %w", err)
	}
	return der, timeOr0(fetched), nil
}

// CRLClaim asks to download the CRL at URL (ClaimCRL).
type CRLClaim struct {
	URL, Holder string
	// Issuer is recorded for an address not known yet.
	Issuer []byte
	Now    time.Time
	TTL    time.Duration
	// FetchedBefore: only a list downloaded before it (zero: never
	// downloaded) or past its NextUpdate is downloaded again;
	// TriedBefore: and not when an attempt was made after it.
	FetchedBefore, TriedBefore time.Time
}

// ClaimCRL makes c.Holder the one instance that downloads the CRL at
// c.URL until c.Now+c.TTL, if nobody else claims it now and it is due
// (CRLClaim): then true. The row is created for an address not known.
func (s *Store) ClaimCRL(ctx context.Context, c CRLClaim) (bool, error) {
	now := ms(c.Now)
	res, err := s.wr.ExecContext(ctx, `INSERT INTO crls (url, issuer, claim_holder, claim_until_ms) VALUES (?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET claim_holder = excluded.claim_holder, claim_until_ms = excluded.claim_until_ms
		WHERE (crls.claim_until_ms <= ? OR crls.claim_holder = excluded.claim_holder) AND crls.tried_ms <= ?
			AND (crls.fetched_ms <= ? OR (crls.next_update_ms > 0 AND crls.next_update_ms <= ?))`,
		c.URL, c.Issuer, c.Holder, ms(c.Now.Add(c.TTL)), now, msOr0(c.TriedBefore), msOr0(c.FetchedBefore), now)
	if err != nil {
		return false, fmt.Errorf("store: claim CRL: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim CRL: %w", err)
	}
	return n == 1, nil
}

// PutCRL stores a list downloaded from url at now (checked by the
// caller: signed by issuer) and ends the claim on it.
func (s *Store) PutCRL(ctx context.Context, url string, der, issuer []byte, thisUpdate, nextUpdate, now time.Time) error {
	if _, err := s.wr.ExecContext(ctx, `UPDATE crls SET der = ?, issuer = ?, this_update_ms = ?, next_update_ms = ?,
		fetched_ms = ?, tried_ms = ?, last_error = '', claim_holder = '', claim_until_ms = 0 WHERE url = ?`,
		der, issuer, msOr0(thisUpdate), msOr0(nextUpdate), ms(now), ms(now), url); err != nil {
		return fmt.Errorf("store: put CRL: %w", err)
	}
	return nil
}

// CRLFailed records a download of url that failed at now (the list in
// hand is kept) and ends the claim on it.
func (s *Store) CRLFailed(ctx context.Context, url, reason string, now time.Time) error {
	if _, err := s.wr.ExecContext(ctx, `UPDATE crls SET tried_ms = ?, last_error = ?, claim_holder = '', claim_until_ms = 0
		WHERE url = ?`, ms(now), reason, url); err != nil {
		return fmt.Errorf("store: CRL failed: %w", err)
	}
	return nil
}
