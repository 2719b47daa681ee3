#!/usr/bin/env python3
"""Writes Sources/SupportAPI/RequestFields.swift (each request's fields, for the OpenAPI
document) from the request sources. Run after adding or changing a request."""
import re, glob
out = ['import Foundation', '',
       "/// Each operation's request fields (name, Swift type), read by the OpenAPI document.",
       "/// Written by scripts/dev/gen_fields.py from the request sources; the OpenAPI test fails",
       "/// when an operation is missing here.",
       'enum RequestFields {', '    static let table: [String: [(name: String, type: String)]] = [']
files = sorted(glob.glob('Sources/SupportAPI/Requests/*.swift')) + ['Sources/SupportAPI/SupportClient.swift']
for f in files:
    s = open(f).read()
    for m in re.finditer(r'public struct (\w+): SupportRequest \{(.*?)\n\}', s, re.S):
        body = m.group(2)
        op = re.search(r'static let operation = "(\w+)"', body).group(1)
        fields = re.findall(r'^    public var (\w+): ([^\n]+)$', body, re.M)
        items = ', '.join(f'("{n}", "{t.strip()}")' for n, t in fields)
        out.append(f'        "{op}": [{items}],')
out += ['    ]', '}', '']
open('Sources/SupportAPI/RequestFields.swift', 'w').write('\n'.join(out))

# The registry: every request type, sorted.
names = []
for f in files:
    names += re.findall(r'public struct (\w+Request): SupportRequest', open(f).read())
reg = ['import SupportCore', 'import SupportStore', '',
       '/// Every request the service serves, in one list: the router, the OpenAPI document and',
       '/// the test that holds them together all read it. Written by scripts/dev/gen_fields.py.',
       'public enum RequestRegistry {', '    public static let all: [any SupportRequest.Type] = [']
reg += [f'        {n}.self,' for n in sorted(set(names))]
reg += ['    ]', '}', '']
open('Sources/SupportAPI/RequestRegistry.swift', 'w').write('\n'.join(reg))
