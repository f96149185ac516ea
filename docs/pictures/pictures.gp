# gnuplot script of the README's pictures (scripts/pictures.sh, from runs/default-s1's plots/plots.gp)

reset
set terminal svg size 900,540 font "sans,12" noenhanced
set output "accuracy.svg"
set grid
set key outside right
set xlabel "epoch"
set ylabel "accuracy (%)"
set title "accuracy per epoch"
plot "accuracy.dat" using 1:3 with linespoints lw 2 title "test", "accuracy.dat" using 1:2 with linespoints lw 2 title "train", "baseline.dat" using 1:2 with linespoints lw 2 dt 2 title "test, baseline"
set output

reset
set terminal svg size 900,540 font "sans,12" noenhanced
set output "weight_error.svg"
set grid
set key outside right
set xlabel "epoch"
set ylabel "RMS (weight units)"
set logscale y
set title "weight error of the device network against its float shadow"
plot "weight_error.dat" using 1:2 with linespoints lw 2 lc 1 title "layer 0: |w - shadow|", "weight_error.dat" using 1:5 with lines dt 2 lc 1 title "layer 0: shadow", "weight_error.dat" using 1:3 with linespoints lw 2 lc 2 title "layer 1: |w - shadow|", "weight_error.dat" using 1:6 with lines dt 2 lc 2 title "layer 1: shadow", "weight_error.dat" using 1:4 with linespoints lw 2 lc 3 title "layer 2: |w - shadow|", "weight_error.dat" using 1:7 with lines dt 2 lc 3 title "layer 2: shadow"
set output

