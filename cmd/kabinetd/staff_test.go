package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/api/apitest"
)

func staffRun(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append([]string{"admin", "staff"}, append(args, "--data-dir", dir)...), noEnv,
		strings.NewReader(stdin), &out, &errb)
	code := 0
	if err != nil {
		code = 1
		if ee, ok := err.(*exitError); ok {
			code = ee.code
		}
		errb.WriteString(err.Error())
	}
	return code, out.String(), errb.String()
}

// TestAdminStaff: two employees with different roles, each endpoint
// checked for each role over HTTP, disable, and the audit log.
func TestAdminStaff(t *testing.T) {
	dir := t.TempDir()
	apps := iinOf(t, "80020240000")   // 1980-02-02, a woman
	office := iinOf(t, "85030330000") // 1985-03-03, a man
	const pw = "violet-Harbour-58-kettle"
	if code, out, errs := staffRun(t, dir, pw+"\n"+pw+"\n", "add", "--iin", apps, "--name", "Смагулова Айжан Маратовна", "--role", "applications"); code != 0 ||
		!strings.Contains(out, "added, role applications") {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	if code, _, errs := staffRun(t, dir, pw+"\n"+pw+"\n", "add", "--iin", office, "--name", "Жумабаев Нурлан", "--role", "office"); code != 0 {
		t.Fatalf("add office: %d %q", code, errs)
	}
	// Refusals: twice the same IIN, passwords that differ or are weak, no role.
	for name, c := range map[string]struct {
		stdin string
		args  []string
	}{
		"again":     {pw + "\n" + pw + "\n", []string{"add", "--iin", apps, "--name", "А Б", "--role", "office"}},
		"differ":    {pw + "\nother-Password-99\n", []string{"add", "--iin", iinOf(t, "90010130000"), "--name", "А Б", "--role", "office"}},
		"weak":      {"12345678\n12345678\n", []string{"add", "--iin", iinOf(t, "90010130000"), "--name", "А Б", "--role", "office"}},
		"no role":   {pw + "\n" + pw + "\n", []string{"add", "--iin", iinOf(t, "90010130000"), "--name", "А Б"}},
		"bad iin":   {"", []string{"disable", "--iin", "123"}},
		"not staff": {"", []string{"disable", "--iin", iinOf(t, "90010130000")}},
	} {
		if code, _, _ := staffRun(t, dir, c.stdin, c.args...); code == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
	_, out, _ := staffRun(t, dir, "", "list")
	if !strings.Contains(out, apps+"\tapplications\tactive\tСмагулова Айжан Маратовна") || !strings.Contains(out, office+"\toffice      \tactive") {
		t.Errorf("list:\n%s", out)
	}

	url, stop, _ := start(t, "--listen", "127.0.0.1:0", "--data-dir", dir)
	c := apitest.Client(t)
	login := func(iin string) string {
		b, _ := json.Marshal(api.LoginRequest{IIN: iin, Password: pw})
		resp, err := c.Post(url+api.PathLogin, "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var l api.Session
		json.NewDecoder(resp.Body).Decode(&l)
		if resp.StatusCode != http.StatusOK || l.Token == "" {
			t.Fatalf("login %s: %d", iin, resp.StatusCode)
		}
		return l.Token
	}
	get := func(tok, path string) int {
		req, _ := http.NewRequest("GET", url+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	ta, to := login(apps), login(office)
	// /me tells the role, so that the workstation shows only its pages.
	for tok, want := range map[string]string{ta: api.StaffRoleApplications, to: api.StaffRoleOffice} {
		req, _ := http.NewRequest("GET", url+api.PathMe, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var me api.Me
		json.NewDecoder(resp.Body).Decode(&me)
		resp.Body.Close()
		if me.Role != api.RoleStaff || me.StaffRole != want {
			t.Errorf("me: role %q staff role %q, want staff %q", me.Role, me.StaffRole, want)
		}
	}
	for _, e := range []struct {
		path        string
		apps, offic int
	}{
		{api.PathStaffQueue, 200, 403},
		{api.PathStaffApplication("1"), 404, 403},
		{api.PathStaffDepositor(office), 403, 404},
		{api.PathStaffBookings, 403, 200},
	} {
		if got := get(ta, e.path); got != e.apps {
			t.Errorf("applications role GET %s = %d, want %d", e.path, got, e.apps)
		}
		if got := get(to, e.path); got != e.offic {
			t.Errorf("office role GET %s = %d, want %d", e.path, got, e.offic)
		}
	}
	// Disabled: the session ends and the staff calls refuse.
	if code, _, errs := staffRun(t, dir, "", "disable", "--iin", apps); code != 0 {
		t.Fatalf("disable: %q", errs)
	}
	if got := get(ta, api.PathStaffQueue); got != http.StatusUnauthorized {
		t.Errorf("disabled employee's session: %d", got)
	}
	stop()
	_, out, _ = staffRun(t, dir, "", "audit", "--limit", "100")
	for _, want := range []string{"\tstaff add applications\t" + apps + "\tcommand line\tok", "\tstaff disable\t" + apps,
		apps + "\tGET /api/v1/staff/queue\t\t127.0.0.1\tok", office + "\tGET /api/v1/staff/queue\t\t127.0.0.1\tforbidden",
		office + "\tGET /api/v1/staff/depositors/{iin}\t" + office + "\t127.0.0.1\tdepositor_not_found"} {
		if !strings.Contains(out, want) {
			t.Errorf("audit lacks %q:\n%s", want, out)
		}
	}
	// Nobody edits the log, not even with the database in hand.
	db := openDB(t, dir)
	if _, err := db.Exec(`UPDATE staff_audit SET outcome = 'ok'`); err == nil {
		t.Error("the audit log was changed")
	}
	if _, err := db.Exec(`DELETE FROM staff_audit`); err == nil {
		t.Error("the audit log was deleted")
	}
}
