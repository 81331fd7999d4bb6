<#--
  The "Load shards" section of go-no-go.md, included from it; prints nothing for a run on one
  load generator. Model: shards (io.gonogo.render.internal.ShardsView).
-->
<#if shards.given>
## Load shards

${shards.text}

| Shard | Platform | Started | Clock offset from the coordinator | Status |
|---|---|---|---|---|
<#list shards.shards as s>
| ${s.shard} | ${s.platform} | ${s.started} | ${s.clockOffset} | ${s.status} |
</#list>
<#list shards.scenarios>

Merged scenarios:

| Scenario | Common measured window | Most cut from a shard | Start skew (interval logs) | Barrier skew | Start |
|---|---:|---:|---:|---:|---|
<#items as s>
| ${s.scenario} | ${s.window} | ${s.cut} | ${s.skew} | ${s.barrierSkew} | ${s.verdict} |
</#items>

Each shard's share and its generator's health:

| Scenario | Shard | Requests | Throughput | Start offset | Generator CPU per request | Generator |
|---|---|---:|---:|---:|---:|---|
<#list shards.shares as s>
| ${s.scenario} | ${s.shard} | ${s.requests} | ${s.throughput} | ${s.startOffset} | ${s.generatorCpu} | ${s.generator} |
</#list>
</#list>

</#if>
