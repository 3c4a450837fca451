<?xml version="1.0" encoding="utf-8"?>
<!-- feed.xsl: shows an Atom or RSS feed of this site as a readable "subscribe" page in a browser.
     Linked from every feed by plugins/feed_extras; feed readers ignore it. No script, no remote files. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="home" select="/atom:feed/atom:link[@rel='alternate']/@href | /rss/channel/link"/>
  <xsl:variable name="self" select="/atom:feed/atom:link[@rel='self']/@href | /rss/channel/atom:link[@rel='self']/@href"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title>Feed: <xsl:value-of select="$title"/></title>
        <style>
          :root { color-scheme: light dark; --bg: #fff; --text: #1b1f24; --muted: #525a63; --link: #0b57b5; --box: #f4f6f8; --border: #c9d1d9; }
          @media (prefers-color-scheme: dark) { :root { --bg: #111418; --text: #e6e9ed; --muted: #a9b2bc; --link: #7cb7ff; --box: #1b2027; --border: #3a434e; } }
          body { margin: 0 auto; max-width: 44rem; padding: 1.25rem; background: var(--bg); color: var(--text);
                 font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
          a { color: var(--link); }
          .about { background: var(--box); border: 1px solid var(--border); border-radius: .5rem; padding: .75rem 1rem; }
          code { overflow-wrap: anywhere; }
          .meta { color: var(--muted); font-size: .95rem; margin: 0; }
          li { margin: 1rem 0; }
        </style>
      </head>
      <body>
        <main>
          <p class="about"><strong>This is a web feed.</strong> Copy its address into your feed reader to follow
            <a href="{$home}"><xsl:value-of select="$title"/></a>:<br/><code><xsl:value-of select="$self"/></code></p>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="/atom:feed/atom:subtitle | /rss/channel/description"/></p>
          <h2>Latest</h2>
          <ol>
            <xsl:apply-templates select="/atom:feed/atom:entry | /rss/channel/item"/>
          </ol>
          <p><a href="{$home}">Visit the site</a></p>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <p class="meta">Published <xsl:value-of select="substring(atom:published, 1, 10)"/></p>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <p class="meta">Published <xsl:value-of select="pubDate"/></p>
    </li>
  </xsl:template>
</xsl:stylesheet>
