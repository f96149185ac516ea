# gnuplot script of xtile budget: the waterfall of budget.dat; run in this folder
set terminal svg size 900,540 font "sans,12" noenhanced
set output "budget.svg"
set title "Error budget: the points each non-ideality costs (its gain when removed alone)\nred: lost, green: gained; error bars: 95 % interval, paired by seed"
set ylabel "test accuracy (%)"
set grid y
set key off
set xtics rotate by -30
set style fill solid 0.7 border -1
set linetype 1 lc rgb "#7f7f7f"
set linetype 2 lc rgb "#d62728"
set linetype 3 lc rgb "#2ca02c"
set xrange [-0.6:8.6]
plot "budget.dat" using 1:(($3+$4)/2):($1-0.35):($1+0.35):3:4:7:xtic(2) with boxxyerror lc variable, \
     "" using 1:5:6 with yerrorbars lc rgb "black" pt -1
set output
set terminal pngcairo size 900,540 font "sans,12" noenhanced
set output "budget.png"
replot
set output
