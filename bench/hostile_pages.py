#!/usr/bin/env python3
"""A local server of feeds whose items link to hostile article pages, for
bench/page-memory.sh. Prints its port, then serves until killed:

  /hostile/N.xml  RSS of --items items, each linking to /page/N/I.html
  /plain/N.xml    the same items, each linking to /small/N/I.html
  /page/N/I.html  8 MiB of one hostile kind, picked by I (see KINDS)
  /small/N/I.html a short plain article

Every page is generated here from repeated tags; no text from anywhere else.
"""
import argparse
import http.server
import socketserver

PAGE = 8 << 20
KINDS = [
    b"<p>a</p>",  # a million paragraphs
    b"<br>",  # two million line breaks
    b"\0",  # NULs
    b"<div>",  # nesting far past any parser's stack
    b'<span a="1" b="2" c="3" d="4">x</span>',  # attributes by the million
    b"w",  # one word of 8 MiB
]


def page(kind):
    head = b"<!doctype html><html><head><title>t</title></head><body><article>"
    body = kind * ((PAGE - len(head)) // len(kind))
    return head + body


PAGES = [page(k) for k in KINDS]
SMALL = (
    b"<!doctype html><html><head><title>t</title></head><body><article>"
    + b"<p>A short plain paragraph of an ordinary article page.</p>" * 40
    + b"</article></body></html>"
)


def feed(n, items, kind):
    out = ['<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>']
    for i in range(items):
        out.append(
            f"<item><title>item {n} {i}</title><guid>{kind}-{n}-{i}</guid>"
            f"<link>/{'page' if kind == 'hostile' else 'small'}/{n}/{i}.html</link>"
            "<description>d</description></item>"
        )
    out.append("</channel></rss>")
    return "".join(out).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        try:
            if len(parts) == 2 and parts[0] in ("hostile", "plain"):
                body = feed(int(parts[1].removesuffix(".xml")), ARGS.items, parts[0])
                kind = "application/rss+xml"
            elif len(parts) == 3 and parts[0] == "page":
                body = PAGES[int(parts[2].removesuffix(".html")) % len(PAGES)]
                kind = "text/html"
            elif len(parts) == 3 and parts[0] == "small":
                body, kind = SMALL, "text/html"
            else:
                raise ValueError(self.path)
        except ValueError:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped at its page cap


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--feeds", type=int, default=8)
    p.add_argument("--items", type=int, default=24)
    ARGS = p.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()
