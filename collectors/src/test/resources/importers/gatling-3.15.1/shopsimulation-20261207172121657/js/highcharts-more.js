/* trimmed from the fixture: a third-party or branding asset of Gatling's report (see ../README.md) */
