package storetest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
)

// RunAccounts runs the conformance suite of store.Accounts. open must
// return a new, empty store for the given (sub)test that implements
// store.Accounts; RunAccounts closes it when that test ends.
func RunAccounts(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, a store.Accounts)
	}{
		{"Tenants", testTenants},
		{"Users", testUsers},
		{"InvalidInput", testAccountsInvalid},
		{"Tokens", testTokens},
		{"CrossTenantIsolation", testCrossTenant},
		{"ConcurrentUserCreation", testConcurrentUsers},
		{"BootstrapAdmin", testBootstrapAdmin},
		{"BootstrapIntoExistingTenant", testBootstrapExistingTenant},
		{"Authenticate", testAuthenticate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close store: %v", err)
				}
			})
			a, err := store.AccountsOf(s)
			if err != nil {
				t.Fatal(err)
			}
			tc.fn(t, a)
		})
	}
}

// fixedTime is a creation time with sub-microsecond digits, which both
// backends must round the same way.
var fixedTime = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.FixedZone("CET", 3600))

// testHash is a syntactically valid argon2id hash; the store never checks
// it against a password, so the suite does not pay for real hashing.
const testHash = "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

func mustTenant(t *testing.T, a store.Accounts, name string, kind auth.TenantKind) auth.Tenant {
	t.Helper()
	tn, err := a.CreateTenant(context.Background(), store.NewTenant{Name: name, Kind: kind, Now: fixedTime})
	if err != nil {
		t.Fatalf("create tenant %q: %v", name, err)
	}
	return tn
}

func mustUser(t *testing.T, a store.Accounts, tenant int64, email string, role auth.Role) auth.User {
	t.Helper()
	u, err := a.CreateUser(context.Background(), store.NewUser{TenantID: tenant, Email: email, Name: "User " + email, Role: role, PasswordHash: testHash, Now: fixedTime})
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func mustToken(t *testing.T, a store.Accounts, u auth.User, name string) (auth.NewToken, auth.APIToken) {
	t.Helper()
	nt, err := auth.GenerateToken()
	if err != nil {
		t.Fatal(err)
	}
	k, err := a.CreateToken(context.Background(), store.NewAPIToken{TenantID: u.TenantID, UserID: u.ID, Name: name, Prefix: nt.Prefix, Hash: nt.Hash, Now: fixedTime})
	if err != nil {
		t.Fatalf("create token for %s: %v", u.Email, err)
	}
	return nt, k
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}

func testTenants(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	if ts, err := a.Tenants(ctx); err != nil || len(ts) != 0 {
		t.Fatalf("empty store: tenants %v, %v", ts, err)
	}
	b := mustTenant(t, a, "  Northbridge University ", auth.Organisation)
	adv := mustTenant(t, a, "National Advice Team", auth.AdviserTeam)
	mustTenant(t, a, "Ångström Instruments Ltd", auth.Company)
	if b.Name != "Northbridge University" || b.ID == 0 || !b.CreatedAt.Equal(fixedTime.Truncate(time.Microsecond)) || b.CreatedAt.Location() != time.UTC {
		t.Errorf("created tenant %+v", b)
	}
	ts, err := a.Tenants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tn := range ts {
		names = append(names, tn.Name+"/"+string(tn.Kind))
	}
	if got := strings.Join(names, ","); got != "National Advice Team/adviser,Northbridge University/organisation,Ångström Instruments Ltd/company" {
		t.Errorf("tenants %s", got)
	}
	got, err := a.TenantByName(ctx, "National Advice Team")
	if err != nil || got != adv {
		t.Errorf("TenantByName = %+v, %v; want %+v", got, err, adv)
	}
	if got, err := a.Tenant(ctx, b.ID); err != nil || got != b {
		t.Errorf("Tenant(%d) = %+v, %v; want %+v", b.ID, got, err, b)
	}
	_, err = a.Tenant(ctx, b.ID+1000)
	wantErr(t, "tenant by unknown id", err, store.ErrNotFound)
	_, err = a.TenantByName(ctx, "national advice team")
	wantErr(t, "tenant by name in other case", err, store.ErrNotFound)
	_, err = a.CreateTenant(ctx, store.NewTenant{Name: "Northbridge University", Kind: auth.Company})
	wantErr(t, "duplicate tenant", err, store.ErrConflict)
}

func testUsers(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	tn := mustTenant(t, a, "Northbridge University", auth.Organisation)
	if n, err := a.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers on empty store = %d, %v", n, err)
	}
	if us, err := a.ListUsers(ctx, tn.ID); err != nil || len(us) != 0 {
		t.Fatalf("ListUsers of new tenant = %v, %v", us, err)
	}
	ada := mustUser(t, a, tn.ID, " Ada.Lovelace@Northbridge.example ", auth.Officer)
	mustUser(t, a, tn.ID, "brian@northbridge.example", auth.Researcher)
	if ada.Email != "ada.lovelace@northbridge.example" || ada.Role != auth.Officer || ada.PasswordHash != testHash || ada.TenantID != tn.ID {
		t.Errorf("created user %+v", ada)
	}
	got, err := a.UserByEmail(ctx, "ADA.LOVELACE@northbridge.example")
	if err != nil || got != ada {
		t.Errorf("UserByEmail = %+v, %v; want %+v", got, err, ada)
	}
	_, err = a.UserByEmail(ctx, "nobody@northbridge.example")
	wantErr(t, "unknown email", err, store.ErrNotFound)
	_, err = a.UserByEmail(ctx, "not an email")
	wantErr(t, "malformed email", err, store.ErrNotFound)
	_, err = a.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "ada.lovelace@NORTHBRIDGE.example", Name: "Another Ada", Role: auth.Admin, PasswordHash: testHash})
	wantErr(t, "duplicate email", err, store.ErrConflict)
	_, err = a.CreateUser(ctx, store.NewUser{TenantID: tn.ID + 1000, Email: "carol@northbridge.example", Name: "Carol", Role: auth.Admin, PasswordHash: testHash})
	wantErr(t, "user in unknown tenant", err, store.ErrNotFound)

	us, err := a.ListUsers(ctx, tn.ID)
	if err != nil || len(us) != 2 || us[0].Email != ada.Email || us[1].Email != "brian@northbridge.example" {
		t.Errorf("ListUsers = %+v, %v", us, err)
	}
	if n, err := a.CountUsers(ctx); err != nil || n != 2 {
		t.Errorf("CountUsers = %d, %v", n, err)
	}
	_, err = a.ListUsers(ctx, tn.ID+1000)
	wantErr(t, "users of unknown tenant", err, store.ErrNotFound)
}

func testAccountsInvalid(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	tn := mustTenant(t, a, "Northbridge University", auth.Organisation)
	u := mustUser(t, a, tn.ID, "ada@northbridge.example", auth.Admin)
	tenants := []store.NewTenant{
		{Name: "   ", Kind: auth.Organisation},
		{Name: "Bad\xffName", Kind: auth.Organisation},
		{Name: "Nul\x00Name", Kind: auth.Organisation},
		{Name: strings.Repeat("n", 201), Kind: auth.Organisation},
		{Name: "Kindless"},
		{Name: "Government", Kind: "government"},
	}
	for _, nt := range tenants {
		_, err := a.CreateTenant(ctx, nt)
		wantErr(t, "tenant "+nt.Name, err, store.ErrInvalid)
	}
	users := []store.NewUser{
		{TenantID: tn.ID, Email: "no-at-sign", Name: "X", Role: auth.Admin, PasswordHash: testHash},
		{TenantID: tn.ID, Email: "x@northbridge.example", Name: " ", Role: auth.Admin, PasswordHash: testHash},
		{TenantID: tn.ID, Email: "x@northbridge.example", Name: "X\xfe", Role: auth.Admin, PasswordHash: testHash},
		{TenantID: tn.ID, Email: "x@northbridge.example", Name: "X", Role: "root", PasswordHash: testHash},
		{TenantID: tn.ID, Email: "x@northbridge.example", Name: "X", Role: auth.Admin, PasswordHash: "hunter2hunter2"},
	}
	for i, nu := range users {
		_, err := a.CreateUser(ctx, nu)
		wantErr(t, "user "+string(rune('a'+i)), err, store.ErrInvalid)
	}
	nt, err := auth.GenerateToken()
	if err != nil {
		t.Fatal(err)
	}
	tokens := []store.NewAPIToken{
		{TenantID: tn.ID, UserID: u.ID, Prefix: "short", Hash: nt.Hash},
		{TenantID: tn.ID, UserID: u.ID, Prefix: nt.Prefix, Hash: nt.Plain},
		{TenantID: tn.ID, UserID: u.ID, Prefix: nt.Prefix, Hash: strings.ToUpper(nt.Hash)},
		{TenantID: tn.ID, UserID: u.ID, Prefix: nt.Prefix, Hash: nt.Hash, Name: "bad\xff"},
	}
	for i, k := range tokens {
		_, err := a.CreateToken(ctx, k)
		wantErr(t, "token "+string(rune('a'+i)), err, store.ErrInvalid)
	}
	if ts, _ := a.Tenants(ctx); len(ts) != 1 {
		t.Errorf("invalid tenants were stored: %+v", ts)
	}
	if n, _ := a.CountUsers(ctx); n != 1 {
		t.Errorf("invalid users were stored: %d users", n)
	}
	if ks, _ := a.ListTokens(ctx, tn.ID, u.ID); len(ks) != 0 {
		t.Errorf("invalid tokens were stored: %+v", ks)
	}
}

func testTokens(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	tn := mustTenant(t, a, "Northbridge University", auth.Organisation)
	u := mustUser(t, a, tn.ID, "ada@northbridge.example", auth.Officer)
	nt, k := mustToken(t, a, u, "ci pipeline")
	if k.ID == 0 || k.Prefix != nt.Prefix || k.Hash != nt.Hash || k.UserID != u.ID || k.TenantID != tn.ID || k.RevokedAt != nil || k.Name != "ci pipeline" {
		t.Errorf("created token %+v", k)
	}
	gotK, gotU, err := a.TokenByPrefix(ctx, nt.Prefix)
	if err != nil || gotK != k || gotU != u {
		t.Fatalf("TokenByPrefix = %+v, %+v, %v; want %+v, %+v", gotK, gotU, err, k, u)
	}
	if !auth.VerifyToken(nt.Plain, gotK.Hash) {
		t.Error("stored hash does not verify the token")
	}
	_, _, err = a.TokenByPrefix(ctx, "zzzzzzzz")
	wantErr(t, "unknown prefix", err, store.ErrNotFound)
	_, err = a.CreateToken(ctx, store.NewAPIToken{TenantID: tn.ID, UserID: u.ID, Prefix: nt.Prefix, Hash: auth.HashToken("other")})
	wantErr(t, "duplicate prefix", err, store.ErrConflict)
	_, err = a.CreateToken(ctx, store.NewAPIToken{TenantID: tn.ID, UserID: u.ID + 1000, Prefix: "abcdefgh", Hash: nt.Hash})
	wantErr(t, "token for unknown user", err, store.ErrNotFound)

	nt2, k2 := mustToken(t, a, u, "laptop")
	revokedAt := fixedTime.Add(time.Hour)
	if err := a.RevokeToken(ctx, tn.ID, k.ID, revokedAt); err != nil {
		t.Fatal(err)
	}
	if err := a.RevokeToken(ctx, tn.ID, k.ID, revokedAt.Add(time.Hour)); err != nil {
		t.Fatalf("second revoke: %v", err)
	}
	_, _, err = a.TokenByPrefix(ctx, nt.Prefix)
	wantErr(t, "revoked token", err, store.ErrNotFound)
	if _, _, err := a.TokenByPrefix(ctx, nt2.Prefix); err != nil {
		t.Errorf("other token after revoke: %v", err)
	}
	err = a.RevokeToken(ctx, tn.ID, k2.ID+1000, time.Time{})
	wantErr(t, "revoke unknown token", err, store.ErrNotFound)
	ks, err := a.ListTokens(ctx, tn.ID, u.ID)
	if err != nil || len(ks) != 2 || ks[0].ID != k.ID || ks[1].ID != k2.ID || ks[1].RevokedAt != nil {
		t.Fatalf("ListTokens = %+v, %v", ks, err)
	}
	if ks[0].RevokedAt == nil || !ks[0].RevokedAt.Equal(revokedAt.Truncate(time.Microsecond)) {
		t.Errorf("revoked_at = %v, want the first revocation %v", ks[0].RevokedAt, revokedAt)
	}
}

// testCrossTenant checks that every tenant-scoped call answers
// ErrNotFound, changes nothing and reveals nothing when given another
// tenant's ids.
func testCrossTenant(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	north := mustTenant(t, a, "Northbridge University", auth.Organisation)
	south := mustTenant(t, a, "Southmoor Institute", auth.Organisation)
	ada := mustUser(t, a, north.ID, "ada@northbridge.example", auth.Admin)
	sam := mustUser(t, a, south.ID, "sam@southmoor.example", auth.Admin)
	adaTok, adaK := mustToken(t, a, ada, "ada")
	_, samK := mustToken(t, a, sam, "sam")

	// South acting on north's rows.
	_, err := a.CreateToken(ctx, store.NewAPIToken{TenantID: south.ID, UserID: ada.ID, Name: "stolen", Prefix: "abcdefgh", Hash: auth.HashToken("x")})
	wantErr(t, "token for another tenant's user", err, store.ErrNotFound)
	err = a.RevokeToken(ctx, south.ID, adaK.ID, time.Time{})
	wantErr(t, "revoke another tenant's token", err, store.ErrNotFound)
	_, err = a.ListTokens(ctx, south.ID, ada.ID)
	wantErr(t, "list another tenant's user's tokens", err, store.ErrNotFound)
	if err != nil && strings.Contains(err.Error(), ada.Email) {
		t.Errorf("error %q names the other tenant's user", err)
	}

	// Nothing changed, and lists hold only their own tenant.
	if _, _, err := a.TokenByPrefix(ctx, adaTok.Prefix); err != nil {
		t.Errorf("north's token after south's revoke attempt: %v", err)
	}
	if _, _, err := a.TokenByPrefix(ctx, "abcdefgh"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("token written for another tenant's user: %v", err)
	}
	for _, c := range []struct {
		tenant int64
		want   string
	}{{north.ID, ada.Email}, {south.ID, sam.Email}} {
		us, err := a.ListUsers(ctx, c.tenant)
		if err != nil || len(us) != 1 || us[0].Email != c.want {
			t.Errorf("ListUsers(%d) = %+v, %v; want only %s", c.tenant, us, err, c.want)
		}
	}
	ks, err := a.ListTokens(ctx, south.ID, sam.ID)
	if err != nil || len(ks) != 1 || ks[0].ID != samK.ID {
		t.Errorf("ListTokens(south, sam) = %+v, %v", ks, err)
	}
	// The token lookup gives the owner's tenant, whoever asks.
	if k, u, err := a.TokenByPrefix(ctx, adaTok.Prefix); err != nil || k.TenantID != north.ID || u.TenantID != north.ID {
		t.Errorf("TokenByPrefix(ada) = %+v, %+v, %v", k, u, err)
	}
}

func testConcurrentUsers(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	tn := mustTenant(t, a, "Northbridge University", auth.Organisation)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = a.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "same@northbridge.example", Name: "Racer", Role: auth.Researcher, PasswordHash: testHash})
		})
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, store.ErrConflict):
			t.Errorf("writer %d: %v, want success or ErrConflict", i, err)
		}
	}
	if ok != 1 {
		t.Errorf("%d writers created the same email, want 1", ok)
	}
	if c, err := a.CountUsers(ctx); err != nil || c != 1 {
		t.Errorf("CountUsers = %d, %v", c, err)
	}
}

func testBootstrapAdmin(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	b, created, err := store.BootstrapAdmin(ctx, a, "Northbridge University", "Admin@Northbridge.example")
	if err != nil || !created {
		t.Fatalf("bootstrap on a fresh store: %+v, %v, %v", b, created, err)
	}
	if b.User.Role != auth.Admin || b.User.Email != "admin@northbridge.example" || b.Tenant.Kind != auth.Organisation || b.User.TenantID != b.Tenant.ID {
		t.Errorf("bootstrap made %+v", b)
	}
	stored, err := a.UserByEmail(ctx, "admin@northbridge.example")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := auth.VerifyPassword(b.Password, stored.PasswordHash); err != nil || !ok {
		t.Errorf("the one-time password does not verify: %v, %v", ok, err)
	}
	again, created, err := store.BootstrapAdmin(ctx, a, "Northbridge University", "other@northbridge.example")
	if err != nil || created || again.Password != "" {
		t.Errorf("second bootstrap: %+v, created %v, %v", again, created, err)
	}
	if n, _ := a.CountUsers(ctx); n != 1 {
		t.Errorf("%d users after two bootstraps, want 1", n)
	}
}

func testBootstrapExistingTenant(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	tn := mustTenant(t, a, "Northbridge University", auth.Organisation)
	_, _, err := store.BootstrapAdmin(ctx, a, "Northbridge University", "not-an-email")
	wantErr(t, "bootstrap with a bad email", err, store.ErrInvalid)
	b, created, err := store.BootstrapAdmin(ctx, a, " Northbridge University ", "admin@northbridge.example")
	if err != nil || !created || b.Tenant != tn || b.User.TenantID != tn.ID {
		t.Fatalf("bootstrap into existing tenant: %+v, %v, %v", b, created, err)
	}
	if ts, _ := a.Tenants(ctx); len(ts) != 1 {
		t.Errorf("bootstrap created a second tenant: %+v", ts)
	}
}

func testAuthenticate(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	tn := mustTenant(t, a, "Northbridge University", auth.Organisation)
	hash, err := auth.HashPassword("a long passphrase for ada")
	if err != nil {
		t.Fatal(err)
	}
	ada, err := a.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "ada@northbridge.example", Name: "Ada", Role: auth.Officer, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	nt, k := mustToken(t, a, ada, "ci")
	other, err := auth.GenerateToken()
	if err != nil {
		t.Fatal(err)
	}
	forged := auth.TokenMarker + nt.Prefix + other.Plain[len(auth.TokenMarker)+auth.PrefixLength:]

	passwords := []struct {
		name, email, password string
		ok                    bool
	}{
		{"right", "ADA@northbridge.example", "a long passphrase for ada", true},
		{"wrong password", "ada@northbridge.example", "a long passphrase for bob", false},
		{"unknown email", "bob@northbridge.example", "a long passphrase for ada", false},
		{"malformed email", "ada", "a long passphrase for ada", false},
	}
	for _, tc := range passwords {
		u, err := store.AuthenticatePassword(ctx, a, tc.email, tc.password)
		if tc.ok && (err != nil || u.ID != ada.ID) {
			t.Errorf("password %s: %+v, %v", tc.name, u, err)
		}
		if !tc.ok {
			wantErr(t, "password "+tc.name, err, store.ErrUnauthenticated)
		}
	}
	if u, got, err := store.AuthenticateToken(ctx, a, nt.Plain); err != nil || u.ID != ada.ID || got.ID != k.ID {
		t.Errorf("token: %+v, %+v, %v", u, got, err)
	}
	for name, plain := range map[string]string{"forged with a known prefix": forged, "unknown": other.Plain, "malformed": "cc_short", "empty": ""} {
		_, _, err := store.AuthenticateToken(ctx, a, plain)
		wantErr(t, "token "+name, err, store.ErrUnauthenticated)
	}
	if err := a.RevokeToken(ctx, tn.ID, k.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	_, _, err = store.AuthenticateToken(ctx, a, nt.Plain)
	wantErr(t, "revoked token", err, store.ErrUnauthenticated)
}
