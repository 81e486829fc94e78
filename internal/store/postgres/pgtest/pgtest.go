// Package pgtest gives tests a real PostgreSQL server, never a mock. If the
// environment variable COLLABCHECK_TEST_PG holds a postgres:// URL of a role
// that may create databases, that server is used. Otherwise pgtest finds the
// system's initdb and postgres (on PATH, then under /usr/lib/postgresql/*/bin),
// initialises a cluster in a temporary directory and starts it on a free
// loopback port with its unix socket in that directory. PostgreSQL refuses
// to run as root, so under root the server runs as the "postgres" user (or
// "nobody" when there is none).
//
// One server serves a whole test binary and every test gets its own fresh
// database:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		url := pgtest.Database(t) // dropped when the test ends
//		...
//	}
//
// When PostgreSQL cannot be found or started, Database fails the test with
// the reason; it never skips.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the environment variable that points tests at an existing
// server instead of a throwaway one.
const EnvURL = "COLLABCHECK_TEST_PG"

// startTimeout bounds how long the server may take to accept connections.
const startTimeout = 60 * time.Second

// Server is a PostgreSQL server that tests create databases on.
type Server struct {
	// AdminURL connects as a superuser (or a role allowed to create
	// databases) to a maintenance database.
	AdminURL string

	dir    string    // temporary cluster directory; "" for an external server
	cmd    *exec.Cmd // the postmaster; nil for an external server
	exited chan struct{}
	logf   string
}

// Start returns the server named by COLLABCHECK_TEST_PG, or initialises and
// starts a throwaway one. Call Stop when done.
func Start() (*Server, error) {
	if u := os.Getenv(EnvURL); u != "" {
		if _, err := url.Parse(u); err != nil || !(strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")) {
			return nil, fmt.Errorf("pgtest: %s=%q is not a postgres:// URL", EnvURL, u)
		}
		s := &Server{AdminURL: u}
		if err := s.ping(context.Background()); err != nil {
			return nil, fmt.Errorf("pgtest: server from %s: %w", EnvURL, err)
		}
		return s, nil
	}
	return startLocal()
}

// debianBinaries is where Debian and Ubuntu install each server version.
const debianBinaries = "/usr/lib/postgresql/*/bin/initdb"

// findBinaries returns the directory holding initdb and postgres: initdb's
// own directory when it is on PATH, else the newest match of the glob.
func findBinaries(glob string) (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	matches, _ := filepath.Glob(glob)
	sort.Slice(matches, func(i, j int) bool { return pgMajor(matches[i]) > pgMajor(matches[j]) })
	for _, m := range matches {
		dir := filepath.Dir(m)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	return "", errors.New("pgtest: no PostgreSQL server binaries (initdb and postgres) on PATH or under /usr/lib/postgresql/*/bin; " +
		"install them (Debian: apt-get install postgresql) or set " + EnvURL + " to a postgres:// URL")
}

func pgMajor(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

// runAs returns the credentials to run PostgreSQL with: nil when not root,
// else those of the "postgres" user, or "nobody".
func runAs() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
	}
	return nil, errors.New("pgtest: running as root and there is neither a postgres nor a nobody user to run PostgreSQL as")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startLocal() (_ *Server, err error) {
	bin, err := findBinaries(debianBinaries)
	if err != nil {
		return nil, err
	}
	cred, err := runAs()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "collabcheck-pg-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: temp dir: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, fmt.Errorf("pgtest: chown %s: %w", dir, err)
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "-N")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pgtest: %s: %w\n%s", initdb, err, out)
	}
	port, err := freePort()
	if err != nil {
		return nil, fmt.Errorf("pgtest: free port: %w", err)
	}
	s := &Server{
		AdminURL: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port),
		dir:      dir,
		exited:   make(chan struct{}),
		logf:     filepath.Join(dir, "postgres.log"),
	}
	logFile, err := os.Create(s.logf)
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	defer logFile.Close()
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories="+dir,
		"-c", "max_connections=200",
		// Throwaway data: durability only slows tests down.
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	// Pdeathsig stops the server if the test binary dies without Stop
	// (timeout, crash). The kernel sends it when the starting thread
	// exits, so that thread stays locked until the server has exited.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := s.cmd.Start(); err != nil {
			started <- err
			close(s.exited)
			return
		}
		started <- nil
		s.cmd.Wait()
		close(s.exited)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("pgtest: start %s: %w", s.cmd, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	for {
		err := s.ping(ctx)
		if err == nil {
			return s, nil
		}
		select {
		case <-s.exited:
			return nil, fmt.Errorf("pgtest: postgres exited during start-up:\n%s", s.logTail())
		case <-ctx.Done():
			s.Stop()
			return nil, fmt.Errorf("pgtest: postgres did not accept connections within %v (last error: %v):\n%s", startTimeout, err, s.logTail())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(s.logf)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(bytes.TrimSpace(b))
}

func (s *Server) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, s.AdminURL)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	return c.Ping(ctx)
}

// Stop shuts a throwaway server down (fast shutdown, then SIGKILL after 30
// seconds) and removes its directory. For an external server it does
// nothing.
func (s *Server) Stop() error {
	if s.cmd == nil {
		return nil
	}
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			s.cmd.Process.Kill()
			<-s.exited
		}
	}
	return os.RemoveAll(s.dir)
}

// CreateDatabase creates a new, empty database named test_<random> and
// returns a URL for it. The database is dropped when t ends.
func (s *Server) CreateDatabase(t testing.TB) string {
	t.Helper()
	u, err := s.createDatabase()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := s.dropDatabase(u.Path[1:]); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	return u.String()
}

func (s *Server) createDatabase() (*url.URL, error) {
	b := make([]byte, 8)
	rand.Read(b)
	name := "test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, s.AdminURL)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", s.AdminURL, err)
	}
	defer c.Close(context.Background())
	create := "CREATE DATABASE " + name
	var version int
	if err := c.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err == nil && version >= 150000 {
		// Copying the template's files is about twice as fast as the
		// WAL-logged default for a tiny throwaway database.
		create += " STRATEGY = FILE_COPY"
	}
	if _, err := c.Exec(ctx, create); err != nil {
		return nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u, _ := url.Parse(s.AdminURL) // parsed by Start already
	u.Path = "/" + name
	return u, nil
}

func (s *Server) dropDatabase(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, s.AdminURL)
	if err != nil {
		return fmt.Errorf("connect to drop %s: %w", name, err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

var (
	shared    *Server
	sharedErr error
	sharedMu  sync.Mutex
)

// sharedServer starts the binary-wide server on first use.
func sharedServer() (*Server, error) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared == nil && sharedErr == nil {
		shared, sharedErr = Start()
	}
	return shared, sharedErr
}

// Main runs a test binary's tests with one shared server, stops it after
// the last test and exits with the tests' status. Call it from TestMain.
// The server starts on the first Database call, so a run that selects no
// database test starts none.
func Main(m *testing.M) {
	code := m.Run()
	sharedMu.Lock()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest: stop:", err)
		}
	}
	sharedMu.Unlock()
	os.Exit(code)
}

// Database returns the URL of a fresh database on the shared server,
// starting the server on first use, and drops the database when t ends.
// It fails t, naming the reason, when no server can be had.
func Database(t testing.TB) string {
	t.Helper()
	s, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	return s.CreateDatabase(t)
}
