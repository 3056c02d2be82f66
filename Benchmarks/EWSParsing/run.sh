#!/usr/bin/env bash
# Builds the EWS parsing benchmark with swiftc -O (no Package.swift target) and runs every
# mode, each in its own process so that peak RSS belongs to that mode alone.
# usage: Benchmarks/EWSParsing/run.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.build/ews-parse-benchmark
mkdir -p "$out/data"
flags=(-O -wmo -I Sources/CLibXML2 -I /usr/include/libxml2)

swiftc "${flags[@]}" -parse-as-library -module-name StreamingXML -emit-module -emit-module-path "$out/StreamingXML.swiftmodule" \
  -emit-library -static -o "$out/libStreamingXML.a" Sources/StreamingXML/*.swift
swiftc "${flags[@]}" -parse-as-library -module-name WindowsTimeZones -emit-module -emit-module-path "$out/WindowsTimeZones.swiftmodule" \
  -emit-library -static -o "$out/libWindowsTimeZones.a" Sources/WindowsTimeZones/*.swift
# The client's parsing code (no HTTP) compiled into the benchmark's own module.
ews=(Sources/ExchangeWebServices/Model/*.swift Sources/ExchangeWebServices/Items/*.swift Sources/ExchangeWebServices/Envelope/*.swift
  Sources/ExchangeWebServices/Errors/*.swift Sources/ExchangeWebServices/Client/ItemShape.swift
  Sources/ExchangeWebServices/Client/ExchangeServerVersion.swift Sources/ExchangeWebServices/Operations/SyncFolderItemsPage.swift
  Sources/ExchangeWebServices/Operations/ItemUpdate.swift)
swiftc "${flags[@]}" -module-name EWSParsingBenchmark -I "$out" -L "$out" -lStreamingXML -lWindowsTimeZones -lxml2 \
  -o "$out/ews-parse-benchmark" Benchmarks/EWSParsing/main.swift "${ews[@]}"

[[ -f "$out/data/sync-512.xml" ]] || "$out/ews-parse-benchmark" generate "$out/data"
for file in getitem-5mb.xml sync-512.xml; do
  for mode in raw-libxml2 streamingxml streamingxml-filtered foundation ews-keep ews-discard; do
    [[ $file == sync-512.xml && $mode == ews-* ]] && mode=${mode/ews-keep/ews-sync}
    [[ $file == sync-512.xml && $mode == ews-discard ]] && continue
    "$out/ews-parse-benchmark" "$mode" "$out/data/$file" 5
  done
done
for mode in raw-libxml2 ews-discard ews-keep; do
  "$out/ews-parse-benchmark" "$mode" "$out/data/getitem-50mb.xml" 3
done
