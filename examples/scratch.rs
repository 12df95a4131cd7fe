fn main() {
    let a = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">\n<channel rdf:about=\"http://example.com/index.rdf\"><title>c</title></channel>\n<item rdf:about=\"http://example.com/1\">\n  <title>Example title</title>\n</item>\n</rdf:RDF>";
    let b = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">\n<channel rdf:about=\"http://example.com/index.rdf\"><title>c</title></channel>\n<item rdf:about=\"http://example.com/1\">\n  <title>Example title</title><link>http://example.com/1</link>\n</item>\n</rdf:RDF>";
    for d in [a, b] {
        match feed_rs::parser::parse(d.as_bytes()) {
            Ok(f) => println!("OK {} entries", f.entries.len()),
            Err(e) => println!("ERR {e:?}"),
        }
    }
}
