"""What the tests share, and nothing else: test modules import from here, never from each other
or from ``conftest``.

- ``book``: this book's sources copied, a tiny book written, a book built as ``make book``
  builds it; ``tiny``, ``charts``: the data of the tiny books several tests share;
- ``html``: a built page read with BeautifulSoup;
- ``browser``: a built site served on 127.0.0.1 and Chromium driven by Playwright;
- ``pdf``: a PDF's text read back;
- ``loopback``: the one runner of local HTTP servers; ``sources`` stands in for DOI, arXiv,
  ORCID, OpenAlex and DBLP by fixed routes, ``openalex`` answers OpenAlex's filters;
- ``wait``: polling for something a process or a page does asynchronously.
"""
