allUsersData = {
    
color: '#FFA900',
name: 'Active Users',
data: [
  [1796664176000,21],[1796664177000,25],[1796664178000,21],[1796664179000,20],[1796664180000,18],[1796664181000,2]
],
tooltip: { yDecimals: 0, ySuffix: '', valueDecimals: 0 }
    , zIndex: 20
    , yAxis: 1
};