// Optional parts plugged into the product at start. The demo world (server/simulation) installs the "simulated"
// provider: simulated model versions, judge and trainer, and the Demo project seeded on the first start. A build
// without the demo world deletes server/simulation and this import; nothing else refers to it.
import "./simulation/provider";
