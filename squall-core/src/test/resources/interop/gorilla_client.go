// Go's gorilla/websocket client (Debian golang-github-gorilla-websocket-dev, built by Debian's
// golang-go in GOPATH mode) as a client of a Squall server.
//
// Usage: GO111MODULE=off GOPATH=/usr/share/gocode go run gorilla_client.go ws://127.0.0.1:PORT SIZE...
// Prints one JSON line per case (as patterns.py's Cases does) and exits 1 if any case failed.
// With GORILLA_COMPRESSION=1 every connection offers permessage-deflate (gorilla's only form: no
// context takeover either way) and compresses what it sends.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

const textUnit = "squall é€\U0001F32A|" // 17 bytes of UTF-8: 1-, 2-, 3- and 4-byte code points

var failed bool

func textOf(size int) string {
	units := size / len(textUnit)
	return strings.Repeat(textUnit, units) + strings.Repeat(".", size-units*len(textUnit))
}

func binaryOf(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

func pingPayload() []byte {
	b := make([]byte, 125) // the most a control frame holds
	for i := range b {
		b[i] = byte(255 - i)
	}
	return b
}

func describe(kind int, data []byte) map[string]any {
	name := "binary"
	if kind == websocket.TextMessage {
		name = "text"
	}
	sum := sha256.Sum256(data)
	return map[string]any{"type": name, "size": len(data), "sha256": hex.EncodeToString(sum[:])}
}

// run prints the case's line: its result merged in when it passed, the error when it failed.
func run(name string, c func() (map[string]any, error)) {
	line := map[string]any{"case": name}
	result, err := c()
	if err != nil {
		failed = true
		line["ok"] = false
		line["error"] = err.Error()
	} else {
		line["ok"] = true
		for k, v := range result {
			line[k] = v
		}
	}
	out, _ := json.Marshal(line)
	fmt.Println(string(out))
}

func dial(url string) (*websocket.Conn, error) {
	dialer := websocket.Dialer{HandshakeTimeout: 10 * time.Second, EnableCompression: os.Getenv("GORILLA_COMPRESSION") == "1"}
	c, _, err := dialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(16 << 20)
	c.EnableWriteCompression(dialer.EnableCompression)
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	return c, nil
}

func echo(c *websocket.Conn, kind int, data []byte) (map[string]any, error) {
	if err := c.WriteMessage(kind, data); err != nil {
		return nil, err
	}
	gotKind, got, err := c.ReadMessage()
	if err != nil {
		return nil, err
	}
	want, have := describe(kind, data), describe(gotKind, got)
	if fmt.Sprint(want) != fmt.Sprint(have) {
		return nil, fmt.Errorf("sent %v, received %v", want, have)
	}
	return have, nil
}

// ping sends a ping, then a text: the server answers in order, so the pong has been handled by
// the time the text's echo comes back (gorilla runs its pong handler inside ReadMessage).
func ping(c *websocket.Conn, payload []byte) (map[string]any, error) {
	pongs := make(chan []byte, 1)
	c.SetPongHandler(func(data string) error {
		pongs <- []byte(data)
		return nil
	})
	if err := c.WriteControl(websocket.PingMessage, payload, time.Now().Add(5*time.Second)); err != nil {
		return nil, err
	}
	if _, err := echo(c, websocket.TextMessage, []byte("after the ping")); err != nil {
		return nil, err
	}
	select {
	case got := <-pongs:
		if !bytes.Equal(got, payload) {
			return nil, fmt.Errorf("pong payload %x", got)
		}
		return map[string]any{"payload": hex.EncodeToString(got)}, nil
	default:
		return nil, fmt.Errorf("no pong before the echo that followed the ping")
	}
}

// closeResult reads until the close arrives and reports its code and reason.
func closeResult(c *websocket.Conn) (map[string]any, error) {
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			if ce, ok := err.(*websocket.CloseError); ok {
				return map[string]any{"code": ce.Code, "reason": ce.Text}, nil
			}
			return nil, err
		}
	}
}

func clientClose(url string) (map[string]any, error) {
	c, err := dial(url)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if err := c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4000, "client bye")); err != nil {
		return nil, err
	}
	return closeResult(c)
}

func serverClose(url string) (map[string]any, error) {
	c, err := dial(url)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if err := c.WriteMessage(websocket.TextMessage, []byte("close:4001:bye")); err != nil {
		return nil, err
	}
	r, err := closeResult(c) // gorilla's close handler answers with the same code
	if err == nil && (r["code"] != 4001 || r["reason"] != "bye") {
		return nil, fmt.Errorf("closed with %v %q", r["code"], r["reason"])
	}
	return r, err
}

func main() {
	base := os.Args[1]
	c, err := dial(base + "/echo")
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot connect:", err)
		os.Exit(1)
	}
	for _, arg := range os.Args[2:] {
		size, _ := strconv.Atoi(arg)
		run(fmt.Sprintf("echo-text-%d", size), func() (map[string]any, error) {
			return echo(c, websocket.TextMessage, []byte(textOf(size)))
		})
		run(fmt.Sprintf("echo-binary-%d", size), func() (map[string]any, error) {
			return echo(c, websocket.BinaryMessage, binaryOf(size))
		})
	}
	run("ping-125", func() (map[string]any, error) { return ping(c, pingPayload()) })
	run("ping-empty", func() (map[string]any, error) { return ping(c, []byte{}) })
	c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1000, ""))
	closeResult(c)
	c.Close()
	run("client-close", func() (map[string]any, error) { return clientClose(base + "/close/client_bye") })
	run("server-close", func() (map[string]any, error) { return serverClose(base + "/close/server_bye") })
	if failed {
		os.Exit(1)
	}
}
