"""The only package that knows WordprocessingML: template, writer, reader, packaging."""
