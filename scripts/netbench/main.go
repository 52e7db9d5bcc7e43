// Command netbench is the load generator of scripts/bench-net.sh. It is
// built static (CGO_ENABLED=0) so that the same binary runs on the host and,
// bind-mounted read-only, inside busybox containers:
//
//	netbench sink -l :5201                   TCP server that discards what it reads
//	netbench blast -c HOST:5201 -t 4s        one TCP stream, as fast as possible; prints Gbit/s
//	netbench dnsq -s HOST:53 -n 2000 NAME    sequential UDP A lookups; prints median and p99 in µs
//	netbench dnsd -l HOST:5353               UDP DNS server that answers every A query with 192.0.2.1
//
// blast writes for the given time, then half-closes and waits for the sink
// to close in turn, so the time it reports covers every byte the sink read.
// Its output is one line, "gbps=12.34 bytes=N secs=4.001".
//
// dnsq uses one connected UDP socket (as a stub resolver does for one
// lookup), sends the next query when the previous answer is in, and times
// each exchange (pack, send, receive, unpack). A lookup that gets no
// answer, an error or no A record counts as failed. Its output is one line,
// "median_us=... p99_us=... min_us=... max_us=... n=... failed=...".
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"syscall"
	"time"

	"github.com/miekg/dns"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "sink":
		err = sink(args)
	case "blast":
		err = blast(args)
	case "dnsq":
		err = dnsq(args)
	case "dnsd":
		err = dnsd(args)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "netbench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: netbench sink -l ADDR | blast -c ADDR [-t DUR] | dnsq -s ADDR [-n N] NAME | dnsd -l ADDR")
	os.Exit(2)
}

const bufSize = 256 << 10

func sink(args []string) error {
	fs := flag.NewFlagSet("sink", flag.ExitOnError)
	addr := fs.String("l", ":5201", "listen address")
	fs.Parse(args)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			// Read into our own large buffer, as an application would
			// (io.Copy to io.Discard would read 8 KB at a time).
			buf := make([]byte, bufSize)
			for {
				if _, err := c.Read(buf); err != nil {
					return
				}
			}
		}()
	}
}

func blast(args []string) error {
	fs := flag.NewFlagSet("blast", flag.ExitOnError)
	addr := fs.String("c", "", "address of the sink")
	dur := fs.Duration("t", 4*time.Second, "how long to send")
	wait := fs.Duration("wait", 10*time.Second, "how long to retry a refused connection (sink starting)")
	fs.Parse(args)
	if *addr == "" {
		return errors.New("blast: -c ADDR is required")
	}
	var c net.Conn
	var err error
	for deadline := time.Now().Add(*wait); ; {
		c, err = net.DialTimeout("tcp", *addr, 2*time.Second)
		if err == nil || !errors.Is(err, syscall.ECONNREFUSED) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	defer c.Close()
	tc := c.(*net.TCPConn)
	buf := make([]byte, bufSize)
	var n int64
	start := time.Now()
	end := start.Add(*dur)
	for time.Now().Before(end) {
		m, err := tc.Write(buf)
		n += int64(m)
		if err != nil {
			return fmt.Errorf("blast: after %d bytes: %w", n, err)
		}
	}
	// The sink closes when it has read everything: wait for that.
	if err := tc.CloseWrite(); err != nil {
		return err
	}
	tc.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.Copy(io.Discard, tc); err != nil {
		return fmt.Errorf("blast: waiting for the sink to finish: %w", err)
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("gbps=%.2f bytes=%d secs=%.3f\n", float64(n)*8/secs/1e9, n, secs)
	return nil
}

func dnsq(args []string) error {
	fs := flag.NewFlagSet("dnsq", flag.ExitOnError)
	server := fs.String("s", "", "server address, HOST:PORT")
	n := fs.Int("n", 1000, "lookups to time")
	warm := fs.Int("w", 50, "lookups before timing starts")
	timeout := fs.Duration("timeout", time.Second, "how long to wait for one answer")
	fs.Parse(args)
	if *server == "" || fs.NArg() != 1 || *n < 1 {
		return errors.New("dnsq: usage: dnsq -s HOST:PORT [-n N] NAME")
	}
	name := dns.Fqdn(fs.Arg(0))
	cl := &dns.Client{Net: "udp", Timeout: *timeout}
	conn, err := cl.Dial(*server)
	if err != nil {
		return err
	}
	defer conn.Close()
	lookup := func() (time.Duration, bool) {
		m := new(dns.Msg)
		m.SetQuestion(name, dns.TypeA)
		t0 := time.Now()
		r, _, err := cl.ExchangeWithConn(m, conn)
		d := time.Since(t0)
		if err != nil || r.Rcode != dns.RcodeSuccess {
			return d, false
		}
		for _, rr := range r.Answer {
			if _, ok := rr.(*dns.A); ok {
				return d, true
			}
		}
		return d, false
	}
	for range *warm {
		lookup()
	}
	var times []time.Duration
	failed := 0
	for range *n {
		d, ok := lookup()
		if !ok {
			failed++
			continue
		}
		times = append(times, d)
	}
	if len(times) == 0 {
		return fmt.Errorf("dnsq: all %d lookups of %s at %s failed", *n, name, *server)
	}
	slices.Sort(times)
	us := func(d time.Duration) float64 { return float64(d) / 1e3 }
	p := func(q float64) time.Duration { return times[min(len(times)-1, int(q*float64(len(times))))] }
	fmt.Printf("median_us=%.1f p99_us=%.1f min_us=%.1f max_us=%.1f n=%d failed=%d\n",
		us(p(0.5)), us(p(0.99)), us(times[0]), us(times[len(times)-1]), len(times), failed)
	return nil
}

// dnsd is the floor for dnsq: a server that does nothing but answer.
func dnsd(args []string) error {
	fs := flag.NewFlagSet("dnsd", flag.ExitOnError)
	addr := fs.String("l", "127.0.0.1:5353", "UDP listen address")
	fs.Parse(args)
	a := net.IPv4(192, 0, 2, 1)
	h := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		r := new(dns.Msg)
		r.SetReply(q)
		r.Authoritative = true
		for _, qq := range q.Question {
			if qq.Qtype == dns.TypeA {
				r.Answer = append(r.Answer, &dns.A{
					Hdr: dns.RR_Header{Name: qq.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 600},
					A:   a,
				})
			}
		}
		w.WriteMsg(r)
	})
	return (&dns.Server{Addr: *addr, Net: "udp", Handler: h}).ListenAndServe()
}
