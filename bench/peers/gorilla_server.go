// Go gorilla/websocket peer for ./squall bench: /echo echoes, /broadcast relays each text message
// to every socket of the route. Written as gorilla's docs and examples advise for speed and for
// many connections: a goroutine reads each socket and streams each message through to the writer
// (NextReader/NextWriter, as its echo server for Autobahn does, the copy buffer from a pool); a
// broadcast is a PreparedMessage, framed (and compressed) once for all receivers, handed to each
// receiver's writer goroutine through its channel (the chat example's design; a full channel makes
// the sender wait rather than drop the receiver, so no delivery is lost); write buffers come from
// a shared pool (WriteBufferPool), so an idle connection holds none.
// permessage-deflate is accepted when a client offers it, in the only form gorilla has: no context
// takeover on either side, compression level 1 (its default), every message compressed.
// Built by ./squall bench: GO111MODULE=off GOPATH=/usr/share/gocode go build (Debian's golang-go
// and golang-github-gorilla-websocket-dev).
// Usage: gorilla_server PORT
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{
	ReadBufferSize:    4096,
	WriteBufferSize:   4096,
	WriteBufferPool:   &sync.Pool{},
	EnableCompression: true,
	CheckOrigin:       func(*http.Request) bool { return true },
}

type member struct {
	conn *websocket.Conn
	send chan *websocket.PreparedMessage
}

var (
	roomMu sync.RWMutex
	room   = map[*member]struct{}{}
)

func upgrade(w http.ResponseWriter, r *http.Request) *websocket.Conn {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return nil
	}
	c.SetReadLimit(4 << 20)
	c.EnableWriteCompression(true)
	return c
}

func echo(w http.ResponseWriter, r *http.Request) {
	c := upgrade(w, r)
	if c == nil {
		return
	}
	defer c.Close()
	for {
		kind, in, err := c.NextReader()
		if err != nil {
			return
		}
		if err := echoMessage(c, kind, in); err != nil {
			return
		}
	}
}

// copyBuffers lends the echo's copy buffer per message: an idle connection holds none.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 32*1024); return &b }}

func echoMessage(c *websocket.Conn, kind int, in io.Reader) error {
	out, err := c.NextWriter(kind)
	if err != nil {
		return err
	}
	buf := copyBuffers.Get().(*[]byte)
	_, err = io.CopyBuffer(out, in, *buf)
	copyBuffers.Put(buf)
	if err != nil {
		return err
	}
	return out.Close()
}

func broadcast(w http.ResponseWriter, r *http.Request) {
	c := upgrade(w, r)
	if c == nil {
		return
	}
	m := &member{conn: c, send: make(chan *websocket.PreparedMessage, 1024)}
	roomMu.Lock()
	room[m] = struct{}{}
	roomMu.Unlock()
	go func() { // the member's writer: the only goroutine that writes on its connection
		for pm := range m.send {
			if err := c.WritePreparedMessage(pm); err != nil {
				break
			}
		}
		c.Close()
		for range m.send { // drain until the reader closes the channel
		}
	}()
	defer func() {
		roomMu.Lock()
		delete(room, m)
		roomMu.Unlock()
		close(m.send)
	}()
	for {
		kind, data, err := c.ReadMessage()
		if err != nil {
			return
		}
		pm, err := websocket.NewPreparedMessage(kind, data)
		if err != nil {
			return
		}
		roomMu.RLock()
		for other := range room {
			other.send <- pm
		}
		roomMu.RUnlock()
	}
}

func main() {
	listener, err := net.Listen("tcp", "127.0.0.1:"+os.Args[1])
	if err != nil {
		fmt.Println("cannot listen:", err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", echo)
	mux.HandleFunc("/broadcast", broadcast)
	fmt.Println("gorilla listening on", listener.Addr())
	http.Serve(listener, mux)
}
