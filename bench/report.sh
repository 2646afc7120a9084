#!/usr/bin/env bash
# Summarises results.tsv written by bench.sh: medians over repetitions, ratios vs direct and vs
# haproxy, and issue 6's targets for the Sutra pair.
#   bench/report.sh [RUN_DIR/res/results.tsv]
set -euo pipefail
R=${1:-${TMPDIR:-/tmp}/sutra-bench/res/results.tsv}
[ -r "$R" ] || { echo "report: no results file $R" >&2; exit 1; }
M=${R%.tsv}.medians.tsv

# pass 1: derive per-rep CPU cost per request (needs rps and the run duration)
# pass 2: median (and min/max) per (scenario, test, metric)
awk -F'\t' -v OFS='\t' '
NR==1{next}
$2=="meta" && $4=="dur"{dur=$5; next}
$2=="meta"{next}
{print; k=$1 SUBSEP $2 SUBSEP $3; K[k]=1
 if($4=="rps") rps[k]=$5
 if(index($4,"cpu_s_")==1){ if($4=="cpu_s_back") back[k]=$5; else {prx[k]+=$5; np[k]++} } }
END{ if(dur=="") dur=10
 for(k in K){ if(!(k in rps) || rps[k]<=0) continue; split(k,x,SUBSEP); n=rps[k]*dur
   print x[1],x[2],x[3],"srv_us_req", (prx[k]+back[k])/n*1e6
   if(np[k]>0) print x[1],x[2],x[3],"prx_us_req", prx[k]/n/np[k]*1e6 } }' "$R" |
awk -F'\t' '$5!="" && $5+0==$5 {k=$2"\t"$3"\t"$4; n[k]++; v[k,n[k]]=$5+0}
END{for(k in n){m=n[k]; for(i=1;i<=m;i++)a[i]=v[k,i];
  for(i=1;i<=m;i++)for(j=i+1;j<=m;j++)if(a[j]<a[i]){t=a[i];a[i]=a[j];a[j]=t}
  med=(m%2)?a[(m+1)/2]:(a[m/2]+a[m/2+1])/2; printf "%s\t%g\t%g\t%g\t%d\n",k,med,a[1],a[m],m}}' | sort > "$M"

awk -F'\t' '
function g(s,t,m){ return ((s SUBSEP t SUBSEP m) in V) ? V[s,t,m] : "" }
function rng(s,t,m){ return ((s SUBSEP t SUBSEP m) in V) ? sprintf("%.0f-%.0f", LO[s,t,m], HI[s,t,m]) : "" }
function f(x,fmt){ return (x=="")?"-":sprintf(fmt,x) }
function sumpref(s,t,pref,   k,x,tot,found){ tot=0; found=0
  for(k in V){ split(k,x,SUBSEP); if(x[1]==s && x[2]==t && index(x[3],pref)==1 && x[3]!=pref"back"){tot+=V[k]; found=1} }
  return found?tot:"" }
function ratio(a,b){ return (a=="" || b=="" || b+0==0) ? "-" : sprintf("%.2f", a/b) }
function verdict(r,lim,higher){ if(r=="-") return ""; return (higher ? (r+0>=lim) : (r+0<=lim)) ? "met" : "MISSED" }
function target(name,mine,theirs,r,lim,higher){
  printf "  %-44s %12s %12s %7s  %-9s %s\n", name, mine, theirs, r, (higher?">= ":"<= ") lim, verdict(r,lim,higher) }
function hop(s,t,m){ return (g(s,t,m)=="" || g("direct",t,m)=="") ? "" : (g(s,t,m)-g("direct",t,m))/2 }
function targets(   s,h,t,q,TT,m,mine,theirs,MM,ML){
  s="sutra2mtls"; h="hap2mtlsh2"
  print "\n## G. Issue 6 targets: Sutra pair vs haproxy pair with the same link (mTLS, HTTP/2) in this run (medians)"
  printf "  %-44s %12s %12s %7s  %-9s %s\n", "target", "Sutra", "haproxy", "ratio", "goal", ""
  target("max throughput, HTTP/1.1 client (req/s)", sprintf("%.0f",g(s,"tput","rps")), sprintf("%.0f",g(h,"tput","rps")), ratio(g(s,"tput","rps"),g(h,"tput","rps")), "1.0", 1)
  target("  same vs haproxy h1 mTLS link (req/s)", sprintf("%.0f",g(s,"tput","rps")), sprintf("%.0f",g("hap2mtls","tput","rps")), ratio(g(s,"tput","rps"),g("hap2mtls","tput","rps")), "1.0", 1)
  target("CPU per request per sidecar at max (us)", sprintf("%.1f",g(s,"tput","prx_us_req")), sprintf("%.1f",g(h,"tput","prx_us_req")), ratio(g(s,"tput","prx_us_req"),g(h,"tput","prx_us_req")), "1.0", 0)
  split("rate1 rateN",TT," ")
  for(q=1;q<=2;q++){ t=TT[q]
    mine=sumpref(s,t,"cpu_per_krps_"); theirs=sumpref(h,t,"cpu_per_krps_")
    target("CPU per sidecar at 1000 req/s, " t " (vCPU)", sprintf("%.3f",mine/2), sprintf("%.3f",theirs/2), ratio(mine,theirs), "1.0", 0)
    target("added p50 per hop, " t " (ms)", sprintf("%.3f",hop(s,t,"p50_ms")), sprintf("%.3f",hop(h,t,"p50_ms")), ratio(hop(s,t,"p50_ms"),hop(h,t,"p50_ms")), "1.2", 0)
    target("added p99 per hop, " t " (ms)", sprintf("%.3f",hop(s,t,"p99_ms")), sprintf("%.3f",hop(h,t,"p99_ms")), ratio(hop(s,t,"p99_ms"),hop(h,t,"p99_ms")), "1.5", 0)
    target("p99.9 of the path, " t " (ms)", sprintf("%.3f",g(s,t,"p999_ms")), sprintf("%.3f",g(h,t,"p999_ms")), ratio(g(s,t,"p999_ms"),g(h,t,"p999_ms")), "1.5", 0) }
  target("HTTP/2 from the client, h2load (req/s)", sprintf("%.0f",g(s,"h2","rps")), sprintf("%.0f",g("hap2mtls","h2","rps")), ratio(g(s,"h2","rps"),g("hap2mtls","h2","rps")), "1.0", 1)
  split("sutraA sutraB",MM," ")
  for(q=1;q<=2;q++){ m=MM[q]
    printf "  %-44s %9.1f MiB (PSS %.1f MiB)  goal < 57.2 MiB (60 MB), aim 48 MiB: %s\n", "RSS of " m " after the throughput run", g(s,"mem","rss_kb_" m)/1024, g(s,"mem","pss_kb_" m)/1024, (g(s,"mem","rss_kb_" m)/1024 < 60e6/1048576) ? "met" : "MISSED" }
}
{ V[$1,$2,$3]=$4; LO[$1,$2,$3]=$5; HI[$1,$2,$3]=$6; S[$1]=1; if($7>N)N=$7 }
END{
  n=split("direct netty hap1 hap2plain hap2mtls hap2mtlsh2 ngx2mtls sutra2mtls ext2mtls", order, " ")
  hops["direct"]=0; hops["netty"]=0; hops["hap1"]=1; hops["hap2plain"]=2; hops["hap2mtls"]=2; hops["ngx2mtls"]=2; hops["ext2mtls"]=2; hops["hap2mtlsh2"]=2; hops["sutra2mtls"]=2
  label["direct"]="direct: nginx origin"; label["netty"]="direct: Netty origin (JVM)*"; label["hap1"]="1 hop haproxy"
  label["hap2plain"]="2 hops haproxy, plaintext"; label["hap2mtls"]="2 hops haproxy, mTLS A->B"; label["ngx2mtls"]="2 hops nginx, mTLS A->B"; label["ext2mtls"]="2 hops EXT pair, mTLS A->B"; label["hap2mtlsh2"]="2 hops haproxy, mTLS, h2 link"; label["sutra2mtls"]="2 hops Sutra, mTLS, h2 link"

  print "\n## A. Max throughput: wrk -t1 -c50, keep-alive, HTTP/1.1 (medians over reps; req/s range in brackets)"
  printf "%-28s %8s %15s %6s %7s %7s | %9s %9s | %8s\n","scenario","req/s","[min-max]","x dir","p50 ms","p99 ms","srv us/req","prx us/req","foreignS"
  for(i=1;i<=n;i++){s=order[i]; if(g(s,"tput","rps")=="")continue; r=g(s,"tput","rps"); d=g("direct","tput","rps")
    pr=(s=="netty"||s=="direct")?"-":f(g(s,"tput","prx_us_req"),"%.1f")
    printf "%-28s %8.0f %15s %6.2f %7.3f %7.3f | %9s %9s | %8s\n", label[s], r, "["rng(s,"tput","rps")"]", (d?r/d:0), g(s,"tput","p50_ms"), g(s,"tput","p99_ms"),
      f(g(s,"tput","srv_us_req"),"%.1f"), pr, f(g(s,"tput","foreign_srv_s"),"%.2f") }

  for(ti=1;ti<=2;ti++){ t=(ti==1)?"rate1":"rateN"
    if(t=="rate1") print "\n## B1. Fixed rate 1000 req/s on 1 connection, evenly spaced (h2load --h1 --rps), latency ms"
    else           print "\n## B2. Fixed rate 1000 req/s as 10 connections x 100 req/s (h2load fires them in bursts of 10), latency ms"
    printf "%-28s %7s %7s %7s %7s %7s | %8s %8s | %11s\n","scenario","got r/s","p50","p90","p99","p99.9","+p50/hop","+p99/hop","vCPU/krps/p"
    for(i=1;i<=n;i++){s=order[i]; if(g(s,t,"p50_ms")=="")continue; h=hops[s]
      a50=g(s,t,"p50_ms")-g("direct",t,"p50_ms"); a99=g(s,t,"p99_ms")-g("direct",t,"p99_ms")
      c=sumpref(s,t,"cpu_per_krps_"); if(s=="direct") c=g(s,t,"cpu_per_krps_back")
      printf "%-28s %7s %7.3f %7.3f %7.3f %7.3f | %8s %8s | %11s\n", label[s], g(s,t,"done_rps"), g(s,t,"p50_ms"), g(s,t,"p90_ms"), g(s,t,"p99_ms"), g(s,t,"p999_ms"),
        (h?sprintf("%.3f",a50/h):"-"), (h?sprintf("%.3f",a99/h):"-"), (c!=""?sprintf("%.3f",(h?c/h:c)):"-") }
  }

  print "\n## C. Closed loop, 1 connection (wrk -t1 -c1): one request in flight, latency ms"
  printf "%-28s %9s %6s %7s %7s | %8s %8s\n","scenario","req/s","x dir","p50","p99","+p50/hop","+p99/hop"
  for(i=1;i<=n;i++){s=order[i]; if(g(s,"c1","rps")=="")continue; h=hops[s]; r=g(s,"c1","rps"); d=g("direct","c1","rps")
    a50=g(s,"c1","p50_ms")-g("direct","c1","p50_ms"); a99=g(s,"c1","p99_ms")-g("direct","c1","p99_ms")
    printf "%-28s %9.0f %6.2f %7.3f %7.3f | %8s %8s\n", label[s], r, (d?r/d:0), g(s,"c1","p50_ms"), g(s,"c1","p99_ms"), (h?sprintf("%.3f",a50/h):"-"), (h?sprintf("%.3f",a99/h):"-") }

  print "\n## D. Memory per process instance after the throughput run, MiB (nginx = master+worker summed; hap2mtlsh2 shares hap2mtls processes)"
  printf "%-28s %-6s %8s %8s %8s\n","scenario","proc","VmRSS","VmHWM","Pss"
  for(i=1;i<=n;i++){s=order[i]; if(!(s in S))continue
    for(k in V){split(k,x,SUBSEP); if(x[1]==s && x[2]=="mem" && index(x[3],"rss_kb_")==1){p=substr(x[3],8)
      printf "%-28s %-6s %8.1f %8.1f %8.1f\n", label[s], p, V[k]/1024, g(s,"mem","hwm_kb_"p)/1024, g(s,"mem","pss_kb_"p)/1024}}}

  if(g("direct","h2","rps")!="") print "\n## E. HTTP/2: h2load -c10 -m10 (h2c from the client). hap2mtls = h2 multiplexed over the mTLS link A->B"
  if(g("direct","h2","rps")!="") printf "%-28s %9s %6s | %9s %9s\n","scenario","req/s","x dir","srv us/req","prx us/req"
  for(i=1;i<=n;i++){s=order[i]; r=g(s,"h2","rps"); if(r=="")continue; d=g("direct","h2","rps")
    printf "%-28s %9.0f %6.2f | %9s %9s\n", label[s], r, (d?r/d:0), f(g(s,"h2","srv_us_req"),"%.1f"), (s=="direct"?"-":f(g(s,"h2","prx_us_req"),"%.1f")) }

  print "\n## F. Ratios against haproxy measured in the same run (medians)"
  hr=g("hap2mtls","tput","rps"); nr=g("ngx2mtls","tput","rps"); h1=g("hap1","tput","rps"); d=g("direct","tput","rps")
  if(hr!="" && nr!="") printf "  nginx mTLS pair / haproxy mTLS pair: throughput %.2f, per-proxy CPU/req %.2f\n", nr/hr, g("ngx2mtls","tput","prx_us_req")/g("hap2mtls","tput","prx_us_req")
  if(hr!="" && d!="") printf "  haproxy mTLS pair / direct: throughput %.2f\n", hr/d
  if(h1!="" && d!="") printf "  haproxy 1 hop / direct: throughput %.2f\n", h1/d
  if(g("hap2mtlsh2","tput","rps")!="" && hr!="") printf "  haproxy pair, h2-multiplexed mTLS link / h1 mTLS link: throughput %.2f, per-proxy CPU/req %.2f\n", g("hap2mtlsh2","tput","rps")/hr, g("hap2mtlsh2","tput","prx_us_req")/g("hap2mtls","tput","prx_us_req")
  if(g("hap2plain","tput","rps")!="" && hr!="") printf "  haproxy pair mTLS / plaintext: throughput %.2f, per-proxy CPU/req %.2f\n", hr/g("hap2plain","tput","rps"), g("hap2mtls","tput","prx_us_req")/g("hap2plain","tput","prx_us_req")
  er=g("ext2mtls","tput","rps")
  if(er!="" && hr!=""){ printf "  EXT pair / haproxy mTLS pair: throughput %.2f, per-proxy CPU/req %.2f, h2 throughput %s\n", er/hr, g("ext2mtls","tput","prx_us_req")/g("hap2mtls","tput","prx_us_req"), (g("ext2mtls","h2","rps")!=""&&g("hap2mtls","h2","rps")!="")?sprintf("%.2f",g("ext2mtls","h2","rps")/g("hap2mtls","h2","rps")):"-"
    split("rate1 rateN",TT," "); for(q=1;q<=2;q++){t=TT[q]; d50=g("direct",t,"p50_ms"); d99=g("direct",t,"p99_ms")
      printf "  EXT vs haproxy added latency per hop (%s): p50 %.3f vs %.3f ms, p99 %.3f vs %.3f ms\n", t, (g("ext2mtls",t,"p50_ms")-d50)/2, (g("hap2mtls",t,"p50_ms")-d50)/2, (g("ext2mtls",t,"p99_ms")-d99)/2, (g("hap2mtls",t,"p99_ms")-d99)/2 } }
  if(g("netty","tput","rps")!="") printf "  Netty origin / nginx origin: CPU per request %.2f, throughput %.2f (a direct run can be limited by the 1-core load generator; CPU per request is the robust figure)\n", g("netty","tput","srv_us_req")/g("direct","tput","srv_us_req"), g("netty","tput","rps")/d

  if(g("sutra2mtls","tput","rps")!="") targets()
  print "\n(reps per cell: " N ". srv us/req = CPU microseconds per request summed over every server process on the server core (proxies + origin);"
  print " prx us/req = the proxies only, per proxy instance. vCPU/krps/p = CPU seconds per second per 1000 req/s, per proxy (origin for direct rows)."
  print " foreignS = CPU seconds other tenants used on the server core during the run (noise indicator; tick-sampled, only meaningful"
  print " for saturated runs, so shown for A only). * Netty origin = calibration, not a proxy.)"
}' "$M"

# surface any errors / failures recorded
awk -F'\t' 'NR>1 && ($4=="errors"||$4=="failed") && $5!="0" && $5!="" {print "WARN rep "$1" "$2" "$3": "$4"="$5}' "$R"
