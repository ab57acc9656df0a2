// An echo server on Go's gorilla/websocket (Debian golang-github-gorilla-websocket-dev, built by
// Debian's golang-go in GOPATH mode), for Squall's client interop tests.
//
// Usage: GO111MODULE=off GOPATH=/usr/share/gocode go run gorilla_echo.go PORT [LIFETIME_SECONDS]
// Binds 127.0.0.1:PORT (0 = any free port) and prints "listening PORT" once it accepts connections.
// Exits when stdin closes (the test JVM is gone) or after LIFETIME_SECONDS (default 120).
// With GORILLA_COMPRESSION=1 it accepts permessage-deflate and compresses what it writes.
//
// Text commands (everything else is echoed, binary as binary):
//
//	close:CODE:REASON     closes with that code and reason
//	close                 closes with no status code (an empty close frame)
//	burst:N:SIZE          sends N text messages "I:" + "b" * SIZE, I = 0..N-1, back to back
//	fragments:N           sends "é" * 50N + "!" as a text message in N fragments, cut inside a
//	                      UTF-8 sequence, with a ping after the first fragment
//	binfragments:N:SIZE   sends SIZE bytes (byte i = i % 251) as a binary message in N fragments
//	ping:PAYLOAD          pings with PAYLOAD; on the pong, sends "pong:" + the pong's payload
//	lastclose?            replies "CODE REASON" of the last connection that closed, or "none"
//
// Selects the subprotocol "squall.test" when offered.
// Paths: "/refuse" is answered 403 Forbidden; on "/greet..." the server first sends "hello " + the
// request target (path and query as received). Any other path is a plain echo.
//
// gorilla cannot cut a message where asked (its writer frames by buffer size), so the two fragment
// commands write their frames on the connection themselves, between gorilla's own writes: the
// test they serve is about our client's reassembly, against frames laid out exactly.
package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const between = "between fragments"

var (
	mu        sync.Mutex
	lastClose = "none"
)

func chunks(data []byte, n int) [][]byte {
	size := (len(data) + n - 1) / n
	var out [][]byte
	for i := 0; i < len(data); i += size {
		end := i + size
		if end > len(data) {
			end = len(data)
		}
		out = append(out, data[i:end])
	}
	return out
}

// frame writes one unmasked server frame (RFC 6455 §5.2) straight on the connection.
func frame(c *websocket.Conn, fin bool, opcode byte, payload []byte) error {
	head := []byte{opcode, 0}
	if fin {
		head[0] |= 0x80
	}
	switch n := len(payload); {
	case n < 126:
		head[1] = byte(n)
	case n <= 0xffff:
		head[1] = 126
		head = binary.BigEndian.AppendUint16(head, uint16(n))
	default:
		head[1] = 127
		head = binary.BigEndian.AppendUint64(head, uint64(n))
	}
	_, err := c.UnderlyingConn().Write(append(head, payload...))
	return err
}

func sendFragments(c *websocket.Conn, opcode byte, parts [][]byte, pingBetween bool) error {
	for i, part := range parts {
		op := byte(0)
		if i == 0 {
			op = opcode
		}
		if err := frame(c, i == len(parts)-1, op, part); err != nil {
			return err
		}
		if pingBetween && i == 0 {
			if err := c.WriteControl(websocket.PingMessage, []byte(between), time.Now().Add(5*time.Second)); err != nil {
				return err
			}
		}
	}
	return nil
}

func command(c *websocket.Conn, text string) (bool, error) {
	switch {
	case strings.HasPrefix(text, "close:"):
		parts := strings.SplitN(text, ":", 3)
		code, _ := strconv.Atoi(parts[1])
		return true, c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, parts[2]))
	case text == "close":
		return true, c.WriteMessage(websocket.CloseMessage, []byte{})
	case strings.HasPrefix(text, "burst:"):
		parts := strings.Split(text, ":")
		n, _ := strconv.Atoi(parts[1])
		size, _ := strconv.Atoi(parts[2])
		for i := 0; i < n; i++ {
			if err := c.WriteMessage(websocket.TextMessage, []byte(strconv.Itoa(i)+":"+strings.Repeat("b", size))); err != nil {
				return true, err
			}
		}
		return true, nil
	case strings.HasPrefix(text, "fragments:"):
		n, _ := strconv.Atoi(strings.Split(text, ":")[1])
		return true, sendFragments(c, websocket.TextMessage, chunks([]byte(strings.Repeat("é", 50*n)+"!"), n), true)
	case strings.HasPrefix(text, "binfragments:"):
		parts := strings.Split(text, ":")
		n, _ := strconv.Atoi(parts[1])
		size, _ := strconv.Atoi(parts[2])
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i % 251)
		}
		return true, sendFragments(c, websocket.BinaryMessage, chunks(data, n), false)
	case strings.HasPrefix(text, "ping:"):
		return true, c.WriteControl(websocket.PingMessage, []byte(text[5:]), time.Now().Add(5*time.Second))
	case text == "lastclose?":
		mu.Lock()
		last := lastClose
		mu.Unlock()
		return true, c.WriteMessage(websocket.TextMessage, []byte(last))
	}
	return false, nil
}

func serve(upgrader *websocket.Upgrader, w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/refuse" {
		http.Error(w, "Forbidden", http.StatusForbidden)
		return
	}
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		fmt.Println("upgrade failed:", err)
		return
	}
	defer c.Close()
	c.SetReadLimit(16 << 20)
	c.EnableWriteCompression(upgrader.EnableCompression)
	// Handlers run on this goroutine, inside ReadMessage: their writes never race the loop's.
	c.SetPongHandler(func(data string) error {
		if data == between {
			return nil
		}
		return c.WriteMessage(websocket.TextMessage, []byte("pong:"+data))
	})
	if strings.HasPrefix(r.URL.Path, "/greet") {
		if err := c.WriteMessage(websocket.TextMessage, []byte("hello "+r.RequestURI)); err != nil {
			return
		}
	}
	for {
		kind, data, err := c.ReadMessage()
		if err != nil {
			if ce, ok := err.(*websocket.CloseError); ok {
				mu.Lock()
				lastClose = strconv.Itoa(ce.Code) + " " + ce.Text
				mu.Unlock()
			} else {
				fmt.Println("connection error:", err)
			}
			return
		}
		if kind == websocket.TextMessage {
			if done, err := command(c, string(data)); done {
				if err != nil {
					fmt.Println("command failed:", err)
				}
				continue
			}
		}
		if err := c.WriteMessage(kind, data); err != nil {
			fmt.Println("echo failed:", err)
			return
		}
	}
}

func main() {
	lifetime := 120
	if len(os.Args) > 2 {
		lifetime, _ = strconv.Atoi(os.Args[2])
	}
	time.AfterFunc(time.Duration(lifetime)*time.Second, func() { os.Exit(2) })
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	upgrader := &websocket.Upgrader{
		Subprotocols:      []string{"squall.test"},
		CheckOrigin:       func(*http.Request) bool { return true },
		EnableCompression: os.Getenv("GORILLA_COMPRESSION") == "1",
	}
	listener, err := net.Listen("tcp", "127.0.0.1:"+os.Args[1])
	if err != nil {
		fmt.Println("cannot listen:", err)
		os.Exit(1)
	}
	fmt.Println("listening", listener.Addr().(*net.TCPAddr).Port)
	http.Serve(listener, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serve(upgrader, w, r) }))
}
